#include "tiers/s3/s3_http.h"

#include "tiers/s3/curl_api.h"

#include <algorithm>
#include <cstring>
#include <strings.h>

#include <mutex>

namespace kvbench::tiers {
namespace {

constexpr std::size_t kTextCap = 64 << 10;

CURLM* as_multi(void* m) { return static_cast<CURLM*>(m); }

}  // namespace

struct HttpExchange::Transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  curl_slist* connect_to = nullptr;
  HttpRequest req;
  HttpResponse resp;
  std::promise<HttpResponse> done;
  std::size_t sent = 0;
  char error[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (easy) curl().easy_cleanup(easy);
    curl().slist_free_all(headers);
    curl().slist_free_all(connect_to);
  }

  static std::size_t on_read(char* buf, std::size_t size, std::size_t n, void* self) {
    auto* t = static_cast<Transfer*>(self);
    const std::size_t len = std::min(size * n, t->req.body_len - t->sent);
    if (len > 0) std::memcpy(buf, t->req.body + t->sent, len);
    t->sent += len;
    return len;
  }
  static std::size_t on_write(char* data, std::size_t size, std::size_t n, void* self) {
    auto* t = static_cast<Transfer*>(self);
    const std::size_t len = size * n;
    if (t->req.into) {
      // A 2xx body goes to the caller's buffer; an error's body is text to explain it.
      long code = 0;
      curl().easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
      if (code / 100 == 2) {
        const std::size_t room = t->resp.received < t->req.into_cap ? t->req.into_cap - t->resp.received : 0;
        std::memcpy(t->req.into + t->resp.received, data, std::min(room, len));
        t->resp.received += len;
        return len;
      }
    }
    if (t->resp.text.size() < kTextCap) t->resp.text.append(data, std::min(len, kTextCap - t->resp.text.size()));
    return len;
  }
  static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* self) {
    auto* t = static_cast<Transfer*>(self);
    const std::string line(data, size * n);
    if (line.size() > 5 && strncasecmp(line.c_str(), "etag:", 5) == 0) {
      std::string v = line.substr(5);
      v.erase(0, v.find_first_not_of(" \t"));
      while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.pop_back();
      t->resp.etag = v;
    }
    return size * n;
  }
};

HttpExchange::HttpExchange(unsigned concurrency, HttpSigning signing)
    : concurrency_(std::max(1u, concurrency)), signing_(std::move(signing)) {
  userpwd_ = signing_.credentials.access_key_id + ":" + signing_.credentials.secret_access_key;
  sigv4_ = "aws:amz:" + signing_.region + ":s3";
  multi_ = curl().multi_init();
  curl().multi_setopt(as_multi(multi_), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(concurrency_));
  thread_ = std::thread([this] { loop(); });
}

HttpExchange::~HttpExchange() {
  cancel_all();
  stop_.store(true);
  curl().multi_wakeup(as_multi(multi_));
  thread_.join();
  curl().multi_cleanup(as_multi(multi_));
}

std::future<HttpResponse> HttpExchange::submit(HttpRequest request) {
  auto t = std::make_unique<Transfer>();
  t->req = std::move(request);
  std::future<HttpResponse> f = t->done.get_future();
  if (cancelled_.load()) {
    t->resp.error = "cancelled";
    t->done.set_value(std::move(t->resp));
    return f;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    queued_.push_back(std::move(t));
  }
  curl().multi_wakeup(as_multi(multi_));
  return f;
}

void HttpExchange::cancel_all() {
  cancelled_.store(true);
  curl().multi_wakeup(as_multi(multi_));
}

void HttpExchange::start_queued() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!queued_.empty() && active_.size() < concurrency_) {
    std::unique_ptr<Transfer> t = std::move(queued_.front());
    queued_.pop_front();
    CURL* e = curl().easy_init();
    t->easy = e;
    const HttpRequest& r = t->req;
    curl().easy_setopt(e, CURLOPT_URL, r.url.c_str());
    curl().easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl().easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    curl().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl().easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    // A server that stops answering fails the request instead of holding it for ever.
    curl().easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl().easy_setopt(e, CURLOPT_LOW_SPEED_TIME, 30L);
    curl().easy_setopt(e, CURLOPT_AWS_SIGV4, sigv4_.c_str());
    curl().easy_setopt(e, CURLOPT_USERPWD, userpwd_.c_str());
    curl().easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
    curl().easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl().easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
    curl().easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    bool own_hash = false;
    for (const std::string& h : r.headers) {
      t->headers = curl().slist_append(t->headers, h.c_str());
      own_hash = own_hash || strncasecmp(h.c_str(), "x-amz-content-sha256:", 21) == 0;
    }
    // The payload is not hashed (S3 allows it; TLS protects it in transit). No "Expect:" header
    // to skip 100-continue: libcurl would sign it, and S3 would then miss a signed header.
    if (!own_hash) t->headers = curl().slist_append(t->headers, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
    if (!signing_.credentials.session_token.empty())
      t->headers = curl().slist_append(t->headers, ("x-amz-security-token: " + signing_.credentials.session_token).c_str());
    curl().easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    if (!r.connect_to.empty()) {
      t->connect_to = curl().slist_append(nullptr, r.connect_to.c_str());
      curl().easy_setopt(e, CURLOPT_CONNECT_TO, t->connect_to);
    }
    if (r.method == "HEAD") {
      curl().easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else if (r.method == "PUT") {
      curl().easy_setopt(e, CURLOPT_UPLOAD, 1L);
      curl().easy_setopt(e, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(r.body_len));
      curl().easy_setopt(e, CURLOPT_READFUNCTION, &Transfer::on_read);
      curl().easy_setopt(e, CURLOPT_READDATA, t.get());
    } else if (r.method == "POST") {
      curl().easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body_len));
      curl().easy_setopt(e, CURLOPT_POSTFIELDS, r.body ? reinterpret_cast<const char*>(r.body) : "");
    } else if (r.method != "GET") {
      curl().easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    }
    curl().multi_add_handle(as_multi(multi_), e);
    active_.push_back(std::move(t));
  }
}

void HttpExchange::finish(Transfer* t, int code) {
  CURL* e = t->easy;
  HttpResponse& r = t->resp;
  r.curl_code = code;
  if (code == CURLE_OK) {
    curl().easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r.status);
  } else {
    r.error = cancelled_.load() ? std::string("cancelled")
              : t->error[0] ? std::string(t->error) : std::string(curl().easy_strerror(static_cast<CURLcode>(code)));
  }
  curl_off_t v = 0;
  if (curl().easy_getinfo(e, CURLINFO_STARTTRANSFER_TIME_T, &v) == CURLE_OK) r.ttfb_s = static_cast<double>(v) * 1e-6;
  if (curl().easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &v) == CURLE_OK) r.total_s = static_cast<double>(v) * 1e-6;
  long header_bytes = 0;
  long request_bytes = 0;
  curl().easy_getinfo(e, CURLINFO_HEADER_SIZE, &header_bytes);
  curl().easy_getinfo(e, CURLINFO_REQUEST_SIZE, &request_bytes);
  curl_off_t up = 0;
  curl_off_t down = 0;
  curl().easy_getinfo(e, CURLINFO_SIZE_UPLOAD_T, &up);
  curl().easy_getinfo(e, CURLINFO_SIZE_DOWNLOAD_T, &down);
  r.wire_up = static_cast<std::uint64_t>(request_bytes + up);
  r.wire_down = static_cast<std::uint64_t>(header_bytes + down);
  curl().multi_remove_handle(as_multi(multi_), e);
  t->done.set_value(std::move(r));
  auto it = std::find_if(active_.begin(), active_.end(), [t](const auto& p) { return p.get() == t; });
  if (it != active_.end()) active_.erase(it);
}

void HttpExchange::loop() {
  while (!stop_.load()) {
    if (cancelled_.load()) {
      while (!active_.empty()) finish(active_.back().get(), CURLE_ABORTED_BY_CALLBACK);
      std::deque<std::unique_ptr<Transfer>> dropped;
      {
        std::lock_guard<std::mutex> lock(mu_);
        dropped.swap(queued_);
      }
      for (auto& t : dropped) {
        t->resp.error = "cancelled";
        t->done.set_value(std::move(t->resp));
      }
    }
    start_queued();
    int running = 0;
    curl().multi_perform(as_multi(multi_), &running);
    int left = 0;
    while (CURLMsg* m = curl().multi_info_read(as_multi(multi_), &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl().easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      finish(t, m->data.result);
    }
    start_queued();
    curl().multi_poll(as_multi(multi_), nullptr, 0, 100, nullptr);
  }
}

}  // namespace kvbench::tiers
