// libcurl, loaded on first use. Linking it brought 21 shared libraries (TLS, HTTP/2, LDAP,
// Kerberos, ...) into every kvbench process, S3 or not: +2.6 MiB of peak RSS in a trace-mode
// run that never speaks HTTP. Only the S3 backend needs curl, so it opens libcurl.so.4 when it
// builds its first exchange, and every other run maps none of it.
#pragma once

#include <curl/curl.h>

namespace kvbench::tiers {

// The entry points the S3 exchange calls, with libcurl's own signatures.
struct CurlApi {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  const char* (*easy_strerror)(CURLcode);
  CURLM* (*multi_init)();
  CURLMcode (*multi_cleanup)(CURLM*);
  CURLMcode (*multi_setopt)(CURLM*, CURLMoption, ...);
  CURLMcode (*multi_add_handle)(CURLM*, CURL*);
  CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
  CURLMcode (*multi_perform)(CURLM*, int*);
  CURLMcode (*multi_poll)(CURLM*, curl_waitfd[], unsigned, int, int*);
  CURLMcode (*multi_wakeup)(CURLM*);
  CURLMsg* (*multi_info_read)(CURLM*, int*);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

// The loaded library, global-initialised once. Throws std::runtime_error naming libcurl.so.4
// and the loader's reason where it is missing or lacks an entry point.
const CurlApi& curl();

}  // namespace kvbench::tiers
