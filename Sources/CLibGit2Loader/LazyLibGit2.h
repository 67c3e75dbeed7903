#ifndef CHRONIK_LAZY_LIBGIT2_H
#define CHRONIK_LAZY_LIBGIT2_H

#include <stdatomic.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/mempack.h>
#include <git2/sys/index.h>

/// The address of libgit2's function `name`, looked up once and kept in `slot`; the first look-up of the process opens
/// libgit2. When libgit2 cannot be opened (or lacks the symbol), says so on stderr as the dynamic loader would and
/// ends the process with the loader's exit code, 127: chronik cannot work without it.
void *chronik_libgit2_symbol(_Atomic(void *) *slot, const char *name);

/// libgit2's `name`, called through its looked-up address with its own prototype.
#define CHRONIK_LIBGIT2_LAZY(name) ((__typeof__(&name))chronik_libgit2_symbol(&chronik_slot_##name, #name))

#endif
