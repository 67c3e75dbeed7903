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
        chronik_sha1_compress(context->state, context->block);
        context->used = 0;
    }
    while (count >= 64) {
        chronik_sha1_compress(context->state, bytes);
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
