// libFuzzer's entry for a program with its own main (https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library):
// it parses libFuzzer's options from argv and fuzzes `callback`. Defined by the libFuzzer runtime that
// `-sanitize=fuzzer` links, which is why the driver that uses it is only built by scripts/fuzz.sh.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
