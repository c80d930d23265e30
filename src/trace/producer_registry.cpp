#include "trace/producer_registry.h"

#include <algorithm>

namespace kvbench::trace {
namespace {

std::atomic<std::uint64_t> g_next_registry_id{1};

// What one thread knows about the registries it has recorded into. The shared_ptr keeps a
// slot alive if its registry dies first; the destructor tells live registries the thread left.
struct ThreadBindings {
  struct Binding {
    std::uint64_t registry_id;
    std::shared_ptr<ProducerSlot> slot;
  };
  std::vector<Binding> bindings;
  std::uint64_t last_id = 0;
  ProducerSlot* last_slot = nullptr;

  ~ThreadBindings() {
    for (auto& b : bindings) b.slot->orphaned.store(true, std::memory_order_release);
  }

  // Forget slots whose registry is gone (we hold the only reference), so a thread that outlives
  // many writers (tests, repeated runs) does not accumulate them.
  void prune() {
    std::erase_if(bindings, [](const Binding& b) { return b.slot.use_count() == 1; });
    last_id = 0;
    last_slot = nullptr;
  }
};

thread_local ThreadBindings t_bindings;

}  // namespace

ProducerRegistry::ProducerRegistry() : id_(g_next_registry_id.fetch_add(1)) {}

ProducerSlot& ProducerRegistry::local_slot() {
  ThreadBindings& tb = t_bindings;
  if (tb.last_id == id_) return *tb.last_slot;
  for (const auto& b : tb.bindings) {
    if (b.registry_id == id_) {
      tb.last_id = id_;
      tb.last_slot = b.slot.get();
      return *b.slot;
    }
  }
  return register_thread();
}

ProducerSlot& ProducerRegistry::register_thread() {
  ThreadBindings& tb = t_bindings;
  tb.prune();
  std::shared_ptr<ProducerSlot> chosen;
  {
    std::lock_guard lock(mu_);
    // Nothing here may wait on a slot's lock: see for_each_idle.
    for (const auto& slot : slots_) {
      bool expected = true;
      if (slot->orphaned.compare_exchange_strong(expected, false, std::memory_order_acquire)) {
        chosen = slot;
        break;
      }
    }
    if (!chosen) {
      chosen = std::make_shared<ProducerSlot>(static_cast<std::uint32_t>(slots_.size()));
      chosen->sealed = sealed_;
      slots_.push_back(chosen);
    }
  }
  tb.bindings.push_back({id_, chosen});
  tb.last_id = id_;
  tb.last_slot = chosen.get();
  return *chosen;
}

void ProducerRegistry::seal_all(const std::function<void(ProducerSlot&)>& fn) {
  std::lock_guard lock(mu_);
  sealed_ = true;
  for (const auto& slot : slots_) {
    std::lock_guard slot_lock(slot->mu);
    fn(*slot);
    slot->sealed = true;
  }
}

void ProducerRegistry::for_each_idle(const std::function<void(ProducerSlot&)>& fn) {
  std::unique_lock lock(mu_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  for (const auto& slot : slots_) {
    std::unique_lock slot_lock(slot->mu, std::try_to_lock);
    if (slot_lock.owns_lock()) fn(*slot);
  }
}

bool ProducerRegistry::try_visit(const std::function<void(ProducerSlot&)>& fn) {
  std::unique_lock lock(mu_, std::try_to_lock);
  if (!lock.owns_lock()) return false;
  for (const auto& slot : slots_) fn(*slot);
  return true;
}

std::uint64_t ProducerRegistry::rows() const {
  std::lock_guard lock(mu_);
  std::uint64_t total = 0;
  for (const auto& slot : slots_) total += slot->rows.load(std::memory_order_relaxed);
  return total;
}

}  // namespace kvbench::trace
