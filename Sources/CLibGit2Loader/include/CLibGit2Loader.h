// CLibGit2Loader has no interface of its own: on Linux it defines libgit2's functions (LazyLibGit2.c), so that
// libgit2 is loaded on the first call of one of them instead of at start-up (issue 19).
