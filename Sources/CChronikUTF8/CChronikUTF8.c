// UTF-8 validation 32 bytes at a time, the "lookup" algorithm of
//   John Keiser and Daniel Lemire, "Validating UTF-8 In Less Than One Instruction Per Byte",
//   Software: Practice and Experience 51(5), 2021, pp. 950-964 (arXiv:2010.03090),
// as simdjson and simdutf implement it ("lookup4"): three table look-ups on nibbles (`vpshufb`) classify every
// pair of a byte and the byte before it (too short, too long, overlong, surrogate, too large, two continuations),
// and the bytes two and three after a three- or four-byte lead are required to be continuations by a saturated
// subtraction. 64 bytes of ASCII, most of an entry file, cost one `vpmovmskb`.
//
// Why C: Swift's generic SIMD types did not lower to these instructions (a SIMD16<UInt8> version was 36 times
// slower than the scalar check, BENCHMARKS.md, val19b), and the scalar check was 6.5 % of a cold `chronik validate`'s
// CPU. On the 5,000 generated entries (German text, a non-ASCII letter every 90 bytes or so), in memory: 5.3 ms for
// the Swift scalar check, 2 ms here (the same algorithm on 16 bytes with SSSE3 took 4.5 ms: not worth a second path).
// The Swift scalar check (`UTF8Validation.isValidScalar`) stays the reference and the fallback where this returns -1
// (not x86-64, or no AVX2); `UTF8ValidationTests` hold the two to each other and to `String(validating:)`.

#include "CChronikUTF8.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include <string.h>

#define AVX2 __attribute__((target("avx2")))

// Bits of the classification of a pair (the byte before, the byte), the paper's table 8.
enum {
    TOO_SHORT = 1 << 0,      // 11______ 0_______ or 11______ 11______: a lead not followed by a continuation
    TOO_LONG = 1 << 1,       // 0_______ 10______: a continuation after ASCII
    OVERLONG_3 = 1 << 2,     // 11100000 100_____
    TOO_LARGE = 1 << 3,      // 11110100 1001____ or 101_____, and leads F5..FF
    SURROGATE = 1 << 4,      // 11101101 101_____
    OVERLONG_2 = 1 << 5,     // 1100000_ 10______
    TOO_LARGE_1000 = 1 << 6, // 11110101..11111___ 1000____
    OVERLONG_4 = 1 << 6,     // 11110000 1000____
    TWO_CONTS = 1 << 7,      // 10______ 10______ (an error unless the second is the third or fourth byte of a sequence)
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

// A table of 16 bytes in both 128-bit lanes (`vpshufb` looks up within a lane).
#define TABLE(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)
#define B(x) ((char)(x))

AVX2 static inline __m256i high_nibbles(__m256i v) {
    return _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0F));
}

// Nonzero bytes where `input` (with `previous`, the 32 bytes before it: zeros at the start) is not UTF-8.
AVX2 static inline __m256i block_errors(__m256i input, __m256i previous) {
    const __m256i byte_1_high_table = TABLE(
        B(TOO_LONG), B(TOO_LONG), B(TOO_LONG), B(TOO_LONG), B(TOO_LONG), B(TOO_LONG), B(TOO_LONG), B(TOO_LONG),
        B(TWO_CONTS), B(TWO_CONTS), B(TWO_CONTS), B(TWO_CONTS),
        B(TOO_SHORT | OVERLONG_2),
        B(TOO_SHORT),
        B(TOO_SHORT | OVERLONG_3 | SURROGATE),
        B(TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4));
    const __m256i byte_1_low_table = TABLE(
        B(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4),
        B(CARRY | OVERLONG_2),
        B(CARRY), B(CARRY),
        B(CARRY | TOO_LARGE),
        B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
        B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
        B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
        B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
        B(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
        B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000));
    const __m256i byte_2_high_table = TABLE(
        B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT),
        B(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
        B(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
        B(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
        B(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
        B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT), B(TOO_SHORT));

    // The bytes one, two and three before each byte: `vpalignr` works within lanes, so the lane before the first
    // lane of `input` is the last lane of `previous`.
    __m256i before = _mm256_permute2x128_si256(previous, input, 0x21);
    __m256i prev1 = _mm256_alignr_epi8(input, before, 15);
    __m256i prev2 = _mm256_alignr_epi8(input, before, 14);
    __m256i prev3 = _mm256_alignr_epi8(input, before, 13);

    __m256i byte_1_high = _mm256_shuffle_epi8(byte_1_high_table, high_nibbles(prev1));
    __m256i byte_1_low = _mm256_shuffle_epi8(byte_1_low_table, _mm256_and_si256(prev1, _mm256_set1_epi8(0x0F)));
    __m256i byte_2_high = _mm256_shuffle_epi8(byte_2_high_table, high_nibbles(input));
    __m256i special = _mm256_and_si256(_mm256_and_si256(byte_1_high, byte_1_low), byte_2_high);

    // Two bytes after a lead 111_____ or three after 1111____ must be a continuation: there, and only there, the
    // tables' TWO_CONTS (bit 7) is no error, and its absence is one; so bit 7 is flipped at those bytes.
    __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8(B(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8(B(0xF0 - 0x80)));
    __m256i must23 = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(B(0x80)));
    return _mm256_xor_si256(must23, special);
}

// Nonzero where the last bytes of `input` begin a sequence it does not finish (a four-byte lead in one of the last
// three, a three-byte lead in the last two, a two-byte lead last).
AVX2 static inline __m256i incomplete(__m256i input) {
    const __m256i max = _mm256_setr_epi8(
        B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255),
        B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255), B(255),
        B(0xF0 - 1), B(0xE0 - 1), B(0xC0 - 1));
    return _mm256_subs_epu8(input, max);
}

AVX2 static int valid_avx2(const uint8_t *bytes, size_t count) {
    __m256i error = _mm256_setzero_si256();
    __m256i previous = _mm256_setzero_si256();
    __m256i previous_incomplete = _mm256_setzero_si256();
    size_t i = 0;
    // 64 bytes at a time: when all are ASCII, one test; otherwise both halves are checked without a branch between
    // them (German text has a non-ASCII letter every hundred bytes or so: a branch per half mispredicted often).
    for (; i + 64 <= count; i += 64) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(bytes + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(bytes + i + 32));
        if (_mm256_movemask_epi8(_mm256_or_si256(a, b)) == 0) {
            // ASCII: only a sequence left unfinished before it can be wrong.
            error = _mm256_or_si256(error, previous_incomplete);
            previous_incomplete = _mm256_setzero_si256();
        } else {
            error = _mm256_or_si256(error, block_errors(a, previous));
            error = _mm256_or_si256(error, block_errors(b, a));
            previous_incomplete = incomplete(b);
        }
        previous = b;
        // (Looked at every 4 KiB: a wrong byte early in a large file ends the check soon.)
        if ((i & 4095) == 4032 && !_mm256_testz_si256(error, error)) return 0;
    }
    // The rest: whole blocks, then the tail padded with NUL (ASCII, so that a sequence cut off by the end is too
    // short); each checked against the block before, which covers a sequence the loop above left unfinished.
    for (; i + 32 <= count; i += 32) {
        __m256i input = _mm256_loadu_si256((const __m256i *)(bytes + i));
        error = _mm256_or_si256(error, block_errors(input, previous));
        previous = input;
    }
    if (i < count) {
        uint8_t tail[32] = {0};
        memcpy(tail, bytes + i, count - i);
        __m256i input = _mm256_loadu_si256((const __m256i *)tail);
        error = _mm256_or_si256(error, block_errors(input, previous));
        previous = input;
    }
    error = _mm256_or_si256(error, incomplete(previous));
    return _mm256_testz_si256(error, error);
}

// AVX2 on the processor, and its registers saved by the system (XCR0 bits 1 and 2).
static int has_avx2(void) {
    // cpuid traps to the hypervisor on a virtual machine: asked once. (Threads racing ask twice, with one answer.)
    static int known = 0; // 0 not asked, 1 yes, 2 no
    int answer = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (answer == 0) {
        unsigned a, b, c, d;
        int yes = 0;
        if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE)) {
            unsigned lo, hi;
            __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            yes = (lo & 6) == 6 && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_AVX2);
        }
        answer = yes ? 1 : 2;
        __atomic_store_n(&known, answer, __ATOMIC_RELAXED);
    }
    return answer == 1;
}

int chronik_utf8_valid(const uint8_t *bytes, size_t count) {
    if (!has_avx2()) return -1;
    return valid_avx2(bytes, count);
}

#else

int chronik_utf8_valid(const uint8_t *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return -1;
}

#endif
