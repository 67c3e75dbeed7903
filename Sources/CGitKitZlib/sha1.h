#ifndef CHRONIK_CGITKITZLIB_SHA1_H
#define CHRONIK_CGITKITZLIB_SHA1_H

/* SHA-1 (FIPS 180-4), for GitKit's own object ids and the index file's checksum (issue 19: a commit hashed its
 * files through libgit2's `git_odb_hash`, which loaded libgit2 and its libraries for that alone). A plain
 * implementation after the standard's pseudo-code, without git's collision detection (sha1dc): GitKit names
 * objects it writes itself, it does not judge objects others wrote. */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    uint32_t state[5];
    uint64_t length;
    uint8_t block[64];
    size_t used;
} chronik_sha1_context;

static inline uint32_t chronik_sha1_rol(uint32_t value, int bits) {
    return (value << bits) | (value >> (32 - bits));
}

static inline void chronik_sha1_compress(uint32_t state[5], const uint8_t *block) {
    uint32_t w[80];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 | (uint32_t)block[4 * i + 2] << 8 | block[4 * i + 3];
    }
    for (int i = 16; i < 80; i++) w[i] = chronik_sha1_rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
        else { f = b ^ c ^ d; k = 0xCA62C1D6; }
        uint32_t t = chronik_sha1_rol(a, 5) + f + e + k + w[i];
        e = d; d = c; c = chronik_sha1_rol(b, 30); b = a; a = t;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d; state[4] += e;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

/* The same compression with the x86 SHA extensions (Intel SHA-NI, AMD since Zen), chosen at run time when the CPU has
 * them: about four times as fast, which matters for the index file's checksum (half a megabyte read and written by
 * every commit of a store with 5,000 entries). The message schedule in four-word vectors as the extensions' guide
 * describes it: W[i..i+3] = msg2(msg1(W[i-16..], W[i-12..]) ^ W[i-8..], W[i-4..]). */
#define CHRONIK_SHA1_GROUP(i, f) \
    do { \
        if ((i) >= 4) m[(i) & 3] = _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32(m[(i) & 3], m[((i) + 1) & 3]), m[((i) + 2) & 3]), m[((i) + 3) & 3]); \
        e = _mm_sha1nexte_epu32(previous, m[(i) & 3]); \
        previous = abcd; \
        abcd = _mm_sha1rnds4_epu32(abcd, e, f); \
    } while (0)

__attribute__((target("sha,sse4.1,ssse3")))
static inline void chronik_sha1_compress_extensions(uint32_t state[5], const uint8_t *block) {
    const __m128i order = _mm_set_epi64x(0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL);
    __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)state), 0x1B);
    __m128i e0 = _mm_set_epi32((int)state[4], 0, 0, 0);
    __m128i savedABCD = abcd, savedE = e0, e, previous, m[4];
    for (int k = 0; k < 4; k++) m[k] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 16 * k)), order);
    e = _mm_add_epi32(e0, m[0]);
    previous = abcd;
    abcd = _mm_sha1rnds4_epu32(abcd, e, 0);
    CHRONIK_SHA1_GROUP(1, 0); CHRONIK_SHA1_GROUP(2, 0); CHRONIK_SHA1_GROUP(3, 0); CHRONIK_SHA1_GROUP(4, 0);
    CHRONIK_SHA1_GROUP(5, 1); CHRONIK_SHA1_GROUP(6, 1); CHRONIK_SHA1_GROUP(7, 1); CHRONIK_SHA1_GROUP(8, 1); CHRONIK_SHA1_GROUP(9, 1);
    CHRONIK_SHA1_GROUP(10, 2); CHRONIK_SHA1_GROUP(11, 2); CHRONIK_SHA1_GROUP(12, 2); CHRONIK_SHA1_GROUP(13, 2); CHRONIK_SHA1_GROUP(14, 2);
    CHRONIK_SHA1_GROUP(15, 3); CHRONIK_SHA1_GROUP(16, 3); CHRONIK_SHA1_GROUP(17, 3); CHRONIK_SHA1_GROUP(18, 3); CHRONIK_SHA1_GROUP(19, 3);
    e0 = _mm_sha1nexte_epu32(previous, savedE);
    abcd = _mm_add_epi32(abcd, savedABCD);
    _mm_storeu_si128((__m128i *)state, _mm_shuffle_epi32(abcd, 0x1B));
    state[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}
#undef CHRONIK_SHA1_GROUP

/* 1: the CPU has the SHA extensions (and SSSE3, SSE4.1); 0: it has not; -1: not asked yet. */
static int chronik_sha1_has_extensions = -1;

static inline int chronik_sha1_extensions(void) {
    if (chronik_sha1_has_extensions < 0) {
        unsigned a = 0, b = 0, c = 0, d = 0, has = 0;
        if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 9)) && (c & (1u << 19))) {
            if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29))) has = 1;
        }
        chronik_sha1_has_extensions = (int)has;
    }
    return chronik_sha1_has_extensions;
}
#define CHRONIK_SHA1_COMPRESS(state, block) \
    (chronik_sha1_extensions() ? chronik_sha1_compress_extensions(state, block) : chronik_sha1_compress(state, block))
#else
#define CHRONIK_SHA1_COMPRESS(state, block) chronik_sha1_compress(state, block)
#endif

static inline void chronik_sha1_init(chronik_sha1_context *context) {
    context->state[0] = 0x67452301; context->state[1] = 0xEFCDAB89; context->state[2] = 0x98BADCFE;
    context->state[3] = 0x10325476; context->state[4] = 0xC3D2E1F0;
    context->length = 0;
    context->used = 0;
}

static inline void chronik_sha1_update(chronik_sha1_context *context, const void *data, size_t count) {
    const uint8_t *bytes = (const uint8_t *)data;
    context->length += count;
    if (context->used > 0) {
        size_t take = 64 - context->used < count ? 64 - context->used : count;
        memcpy(context->block + context->used, bytes, take);
        context->used += take; bytes += take; count -= take;
        if (context->used < 64) return;
        CHRONIK_SHA1_COMPRESS(context->state, context->block);
        context->used = 0;
    }
    while (count >= 64) {
        CHRONIK_SHA1_COMPRESS(context->state, bytes);
        bytes += 64; count -= 64;
    }
    if (count > 0) {
        memcpy(context->block, bytes, count);
        context->used = count;
    }
}

/* Writes the 20-byte digest to `digest`. */
static inline void chronik_sha1_final(chronik_sha1_context *context, uint8_t digest[20]) {
    uint64_t bits = context->length * 8;
    uint8_t pad = 0x80;
    chronik_sha1_update(context, &pad, 1);
    uint8_t zero = 0;
    while (context->used != 56) chronik_sha1_update(context, &zero, 1);
    uint8_t length[8];
    for (int i = 0; i < 8; i++) length[i] = (uint8_t)(bits >> (56 - 8 * i));
    chronik_sha1_update(context, length, 8);
    for (int i = 0; i < 5; i++) {
        digest[4 * i] = (uint8_t)(context->state[i] >> 24); digest[4 * i + 1] = (uint8_t)(context->state[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(context->state[i] >> 8); digest[4 * i + 3] = (uint8_t)context->state[i];
    }
}

#endif
