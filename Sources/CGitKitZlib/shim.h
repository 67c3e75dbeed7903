#ifndef CHRONIK_CGITKITZLIB_SHIM_H
#define CHRONIK_CGITKITZLIB_SHIM_H

#include <zlib.h>
#include "sha1.h"

/* inflateInit is a macro (it passes ZLIB_VERSION and sizeof(z_stream)): a wrapper Swift can call. */
static inline int chronik_inflate_init(z_stream *stream) {
    return inflateInit(stream);
}

#endif
