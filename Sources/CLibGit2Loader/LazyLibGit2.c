// libgit2 loaded on first use (issue 19). On Linux chronik is not linked against libgit2: loading it and its
// dependencies (mbedTLS, libssh2, http_parser, pcre2, krb5, OpenSSL's libcrypto: fifteen shared libraries) cost about
// 1.7 ms of every start, `chronik --version` included, although many runs never call it (GitKit reads refs, commits,
// trees and blobs itself where it can). LazyLibGit2.generated.c (scripts/gen-libgit2-loader.py) defines each libgit2
// function GitKit calls with libgit2's own prototype; the first call opens the libgit2 chronik was built against,
// found as the dynamic loader would have found it (the executable's RUNPATH, then the system's paths).
#ifdef __linux__
#define _GNU_SOURCE
#include "LazyLibGit2.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *libgit2;
static char openError[512];
static pthread_once_t opened = PTHREAD_ONCE_INIT;

static void openLibGit2(void) {
    libgit2 = dlopen("libgit2.so." LIBGIT2_SOVERSION, RTLD_LAZY | RTLD_LOCAL);
    if (!libgit2) {
        const char *error = dlerror();
        snprintf(openError, sizeof openError, "%s", error ? error : "libgit2.so." LIBGIT2_SOVERSION ": cannot be opened");
    }
}

/// The dynamic loader's words and exit code for a library it cannot load.
static _Noreturn void fail(const char *what) {
    char message[768];
    int length = snprintf(message, sizeof message, "%s: error while loading shared libraries: %s\n",
                          program_invocation_short_name, what);
    if (length > 0) {
        ssize_t ignored = write(STDERR_FILENO, message, (size_t)length < sizeof message ? (size_t)length : sizeof message - 1);
        (void)ignored;
    }
    _exit(127);
}

void *chronik_libgit2_symbol(_Atomic(void *) *slot, const char *name) {
    void *symbol = atomic_load_explicit(slot, memory_order_acquire);
    if (symbol) return symbol;
    pthread_once(&opened, openLibGit2);
    if (!libgit2) fail(openError);
    symbol = dlsym(libgit2, name);
    if (!symbol) {
        char what[512];
        snprintf(what, sizeof what, "libgit2.so." LIBGIT2_SOVERSION ": undefined symbol: %s", name);
        fail(what);
    }
    atomic_store_explicit(slot, symbol, memory_order_release);
    return symbol;
}

static _Atomic(void *) chronik_slot_git_libgit2_opts;

/// `git_libgit2_opts` is variadic, so it cannot forward its arguments as they came: it takes those of the options
/// Sources/CLibGit2/shim.h sets, by the types libgit2 reads them with, and refuses any other option as libgit2 refuses
/// an unknown one (-1).
int git_libgit2_opts(int option, ...) {
    int (*opts)(int, ...) = CHRONIK_LIBGIT2_LAZY(git_libgit2_opts);
    va_list arguments;
    va_start(arguments, option);
    int rc;
    switch (option) {
    case GIT_OPT_ENABLE_FSYNC_GITDIR:
    case GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION:
    case GIT_OPT_ENABLE_STRICT_OBJECT_CREATION:
        rc = opts(option, va_arg(arguments, int));
        break;
    case GIT_OPT_SET_CACHE_OBJECT_LIMIT: {
        int type = va_arg(arguments, int); // git_object_t, promoted
        rc = opts(option, type, va_arg(arguments, size_t));
        break;
    }
    case GIT_OPT_SET_CACHE_MAX_SIZE:
        rc = opts(option, va_arg(arguments, ssize_t));
        break;
    case GIT_OPT_SET_SEARCH_PATH: {
        int level = va_arg(arguments, int);
        rc = opts(option, level, va_arg(arguments, const char *));
        break;
    }
    default:
        rc = -1;
    }
    va_end(arguments);
    return rc;
}

#endif
