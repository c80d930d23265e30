#include "tiers/s3/curl_api.h"

#include <dlfcn.h>

#include <stdexcept>
#include <string>

namespace kvbench::tiers {
namespace {

// The soname of libcurl 7.x and 8.x (Debian's libcurl4 package); the unversioned .so is only
// in the -dev package, which a runtime image does not have.
constexpr const char* kLibrary = "libcurl.so.4";

template <typename Fn>
void bind(void* lib, Fn& slot, const char* name) {
  void* sym = dlsym(lib, name);
  if (sym == nullptr) throw std::runtime_error(std::string(kLibrary) + " has no " + name + ": the S3 backend needs libcurl 7.68 or later");
  slot = reinterpret_cast<Fn>(sym);
}

CurlApi load() {
  void* lib = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = dlerror();
    throw std::runtime_error(std::string("the S3 backend needs libcurl (Debian package libcurl4): ") + (why ? why : kLibrary));
  }
  CurlApi api{};
  bind(lib, api.global_init, "curl_global_init");
  bind(lib, api.easy_init, "curl_easy_init");
  bind(lib, api.easy_cleanup, "curl_easy_cleanup");
  bind(lib, api.easy_setopt, "curl_easy_setopt");
  bind(lib, api.easy_getinfo, "curl_easy_getinfo");
  bind(lib, api.easy_strerror, "curl_easy_strerror");
  bind(lib, api.multi_init, "curl_multi_init");
  bind(lib, api.multi_cleanup, "curl_multi_cleanup");
  bind(lib, api.multi_setopt, "curl_multi_setopt");
  bind(lib, api.multi_add_handle, "curl_multi_add_handle");
  bind(lib, api.multi_remove_handle, "curl_multi_remove_handle");
  bind(lib, api.multi_perform, "curl_multi_perform");
  bind(lib, api.multi_poll, "curl_multi_poll");
  bind(lib, api.multi_wakeup, "curl_multi_wakeup");
  bind(lib, api.multi_info_read, "curl_multi_info_read");
  bind(lib, api.slist_append, "curl_slist_append");
  bind(lib, api.slist_free_all, "curl_slist_free_all");
  // The library stays loaded for the process's life: handles outlive any scope here.
  api.global_init(CURL_GLOBAL_DEFAULT);
  return api;
}

}  // namespace

const CurlApi& curl() {
  static const CurlApi api = load();  // thread-safe once, as curl_global_init requires
  return api;
}

}  // namespace kvbench::tiers
