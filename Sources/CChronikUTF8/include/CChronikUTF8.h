#ifndef CCHRONIK_UTF8_H
#define CCHRONIK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/// 1 when the `count` bytes at `bytes` are well-formed UTF-8 (Unicode 15, table 3-7: no overlong forms, no
/// surrogates, nothing above U+10FFFF; NUL allowed), else 0; -1 when this machine has no vector check (not x86-64,
/// or no AVX2), and the caller must check the bytes itself. See CChronikUTF8.c.
int chronik_utf8_valid(const uint8_t *bytes, size_t count);

#endif
