/* Files for ek.wasm, the WASI build of the ek tool (wasm-bindings/wasi.cmake).
 *
 * Emscripten 3.1.6's standalone libc (system/lib/standalone/standalone.c) reads and writes
 * through WASI (fd_read, fd_write, fd_seek, fd_close), but its open() knows only /dev/stdin,
 * /dev/stdout and /dev/stderr: every other path is EPERM. That open() is a weak symbol, so this
 * file supplies the real one on top of WASI preview1, the way wasi-libc does it: the host hands
 * the program pre-opened directories (fd 3, 4, ...; `wasmtime --dir`, node:wasi's `preopens`),
 * and a path is opened with path_open relative to the pre-opened directory whose name is its
 * longest prefix. Relative paths resolve against the directory pre-opened as "." (or "/" when
 * there is none). Whether a path may leave its directory ("..", symlinks) is the host's call.
 *
 * It also resolves emscripten_notify_memory_growth, which Emscripten imports from "env" in
 * standalone builds with memory growth so that a JS host can refresh its views of memory. A WASI
 * host reads memory afresh on every call, so ek.wasm notifies nobody and imports only
 * wasi_snapshot_preview1. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

void emscripten_notify_memory_growth(size_t memory_index) { (void)memory_index; }

#define EK_MAX_PREOPENS 32

struct preopen {
  __wasi_fd_t fd;
  char *name; /* normalised: no trailing '/', no leading "./"; "." for the current directory */
};
static struct preopen g_preopens[EK_MAX_PREOPENS];
static int g_npreopens = -1; /* -1: not looked up yet */

static void strip_name(char *s) {
  size_t n = strlen(s);
  while (n > 1 && s[n - 1] == '/') s[--n] = '\0';
  if (s[0] == '.' && s[1] == '/') memmove(s, s + 2, strlen(s + 2) + 1);
  if (s[0] == '\0') strcpy(s, ".");
}

static void find_preopens(void) {
  g_npreopens = 0;
  /* The host numbers its pre-opens from 3 without gaps; the first EBADF ends the list. */
  for (__wasi_fd_t fd = 3; g_npreopens < EK_MAX_PREOPENS; ++fd) {
    __wasi_prestat_t ps;
    if (__wasi_fd_prestat_get(fd, &ps) != __WASI_ERRNO_SUCCESS) break;
    if (ps.pr_type != __WASI_PREOPENTYPE_DIR) continue;
    char *name = malloc(ps.u.dir.pr_name_len + 1);
    if (!name) break;
    if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, ps.u.dir.pr_name_len) !=
        __WASI_ERRNO_SUCCESS) {
      free(name);
      continue;
    }
    name[ps.u.dir.pr_name_len] = '\0';
    strip_name(name);
    g_preopens[g_npreopens].fd = fd;
    g_preopens[g_npreopens].name = name;
    ++g_npreopens;
  }
}

/* The pre-opened directory for `path` and the path relative to it, or -1. */
static int resolve(const char *path, __wasi_fd_t *dir, const char **rel) {
  if (g_npreopens < 0) find_preopens();
  int best = -1;
  size_t best_len = 0;
  const char *best_rel = NULL;
  const int absolute = path[0] == '/';
  for (int i = 0; i < g_npreopens; ++i) {
    const char *name = g_preopens[i].name;
    const size_t n = strlen(name);
    const char *r = NULL;
    if (!absolute) {
      if (strcmp(name, ".") == 0) r = path;
    } else if (strcmp(name, "/") == 0) {
      r = path + 1;
    } else if (name[0] == '/' && strncmp(path, name, n) == 0 && (path[n] == '/' || path[n] == '\0')) {
      r = path + n;
    }
    if (!r || (best >= 0 && n <= best_len)) continue;
    best = i, best_len = n, best_rel = r;
  }
  if (best < 0 && !absolute) { /* no "." pre-open: relative to "/" if that one exists */
    for (int i = 0; i < g_npreopens; ++i)
      if (strcmp(g_preopens[i].name, "/") == 0) best = i, best_rel = path;
  }
  if (best < 0) return -1;
  while (*best_rel == '/') ++best_rel;
  if (best_rel[0] == '.' && best_rel[1] == '/') best_rel += 2;
  *dir = g_preopens[best].fd;
  *rel = *best_rel ? best_rel : ".";
  return 0;
}

/* Replaces standalone.c's weak open(): the standard streams by name, anything else through a
 * pre-opened directory. Returns the new descriptor or -errno. */
long __syscall_open(const char *path, long flags, ...) {
  if (!strcmp(path, "/dev/stdin")) return 0;
  if (!strcmp(path, "/dev/stdout")) return 1;
  if (!strcmp(path, "/dev/stderr")) return 2;
  __wasi_fd_t dir;
  const char *rel;
  /* Outside every pre-opened directory: the sandbox grants nothing there. */
  if (resolve(path, &dir, &rel) != 0) return -EACCES;

  __wasi_oflags_t oflags = 0;
  if (flags & O_CREAT) oflags |= __WASI_OFLAGS_CREAT;
  if (flags & O_EXCL) oflags |= __WASI_OFLAGS_EXCL;
  if (flags & O_TRUNC) oflags |= __WASI_OFLAGS_TRUNC;
  if (flags & O_DIRECTORY) oflags |= __WASI_OFLAGS_DIRECTORY;
  __wasi_fdflags_t fdflags = 0;
  if (flags & O_APPEND) fdflags |= __WASI_FDFLAGS_APPEND;

  /* Only the rights this access mode needs: hosts refuse rights the directory cannot pass on. */
  const __wasi_rights_t common = __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL |
                                 __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS |
                                 __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_ADVISE |
                                 __WASI_RIGHTS_POLL_FD_READWRITE;
  const __wasi_rights_t reading = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR;
  const __wasi_rights_t writing = __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC |
                                  __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_ALLOCATE |
                                  __WASI_RIGHTS_FD_FILESTAT_SET_SIZE;
  __wasi_rights_t rights = common;
  switch (flags & O_ACCMODE) {
    case O_RDONLY: rights |= reading; break;
    case O_WRONLY: rights |= writing; break;
    default: rights |= reading | writing; break;
  }
  const __wasi_lookupflags_t lookup = (flags & O_NOFOLLOW) ? 0 : __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
  __wasi_fd_t fd;
  const __wasi_errno_t err = __wasi_path_open(dir, lookup, rel, strlen(rel), oflags, rights, rights,
                                              fdflags, &fd);
  /* Emscripten's errno values are WASI's. */
  if (err != __WASI_ERRNO_SUCCESS) return -(long)err;
  return (long)fd;
}
