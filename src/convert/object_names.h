// Names a conversion gives the trace's keys: the file each object is replayed as, and the
// stream (one fio job) whose rows it belongs to, so that every row of a key stays in one
// stream and in trace order.
#pragma once

#include <string>
#include <string_view>

namespace kvbench::convert {

// The key itself where it is a safe file name (letters, digits, '.', '_', '-', at most 200
// bytes, not "." or ".."); otherwise its safe characters, cut short, plus a hash of the whole
// key so that two keys never share a file.
std::string object_file_name(std::string_view key);

// The user a key belongs to ("conv_user_0033_..._turn_1", "user_0007_req_42",
// "trace_user_17_req_3" → "user_0033", "user_0007", "user_17"): a user issues its requests
// one after another, as one stream. Keys of no user (RAG documents, preconditioning,
// pre-population, ShareGPT ids) fall into one of a few shared streams by hash.
std::string stream_of_key(std::string_view key);

}  // namespace kvbench::convert
