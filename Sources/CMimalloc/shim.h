#ifndef CHRONIK_CMIMALLOC_SHIM_H
#define CHRONIK_CMIMALLOC_SHIM_H

// mimalloc (Debian's libmimalloc-dev), linked into chronik's programs on Linux so that it replaces malloc and free
// for the whole process (Debian builds it with MI_OVERRIDE): see Package.swift.
#include <mimalloc.h>

#endif
