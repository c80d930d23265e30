#include "cache/entry_table.h"

#include <functional>
#include <new>
#include <stdexcept>

namespace kvbench::cache {
namespace {

constexpr std::size_t kFirstSlots = 64;
constexpr std::size_t kMaxEntries = 0xFFFF'FFFEu;  // numbers + 1 must fit a Ref

}  // namespace

void EntryTable::ChunkDeleter::operator()(Entry* p) const {
  ::operator delete(static_cast<void*>(p), std::align_val_t{alignof(Entry)});
}

EntryTable::EntryTable() : slots_(kFirstSlots) {}

EntryTable::~EntryTable() {
  for (const Slot slot : slots_) {
    if (slot.ref != kEmpty) entry(slot.ref)->~Entry();
  }
}

std::uint32_t EntryTable::hash_of(std::string_view key) {
  // The low bits pick the home slot; libstdc++'s string hash mixes them well.
  return static_cast<std::uint32_t>(std::hash<std::string_view>{}(key));
}

// The slot holding `key`, or the empty slot where it would go.
std::size_t EntryTable::slot_of(std::string_view key, std::uint32_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot slot = slots_[i];
    if (slot.ref == kEmpty) return i;
    if (slot.hash == hash && entry(slot.ref)->key.view() == key) return i;
  }
}

Entry* EntryTable::find(std::string_view key) const {
  const Ref ref = slots_[slot_of(key, hash_of(key))].ref;
  return ref == kEmpty ? nullptr : entry(ref);
}

std::pair<Entry*, bool> EntryTable::try_emplace(std::string_view key) {
  if ((size_ + 1) * 4 > slots_.size() * 3) grow();  // load factor at most 3/4
  const std::uint32_t hash = hash_of(key);
  const std::size_t slot = slot_of(key, hash);
  if (slots_[slot].ref != kEmpty) return {entry(slots_[slot].ref), false};
  const Ref ref = new_entry();
  Entry* e = entry(ref);
  e->hash = hash;
  e->key.assign(key);
  slots_[slot] = {ref, hash};
  ++size_;
  return {e, true};
}

void EntryTable::erase(Entry* e) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t hole = e->hash & mask;
  while (entry(slots_[hole].ref) != e) hole = (hole + 1) & mask;
  const Ref ref = slots_[hole].ref;
  // Backward shift: pull later entries of the probe run into the hole when the hole lies
  // between their home slot and where they sit, so no tombstones are needed.
  for (std::size_t i = (hole + 1) & mask; slots_[i].ref != kEmpty; i = (i + 1) & mask) {
    const std::size_t home = slots_[i].hash & mask;
    if (((i - home) & mask) >= ((i - hole) & mask)) {
      slots_[hole] = slots_[i];
      hole = i;
    }
  }
  slots_[hole] = Slot{};
  --size_;

  e->~Entry();
  ::new (static_cast<void*>(e)) Ref{free_};
  free_ = ref;
}

void EntryTable::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot slot : old) {
    if (slot.ref == kEmpty) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].ref != kEmpty) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

EntryTable::Ref EntryTable::new_entry() {
  Ref ref = free_;
  if (ref != kEmpty) {
    free_ = *std::launder(reinterpret_cast<Ref*>(entry(ref)));
  } else {
    if (handed_out_ == kMaxEntries) throw std::length_error("EntryTable: more than 2^32-2 entries");
    if (handed_out_ == chunks_.size() * kChunkEntries) {
      chunks_.emplace_back(static_cast<Entry*>(
          ::operator new(kChunkEntries * sizeof(Entry), std::align_val_t{alignof(Entry)})));
    }
    ref = static_cast<Ref>(++handed_out_);
  }
  ::new (static_cast<void*>(entry(ref))) Entry();
  return ref;
}

}  // namespace kvbench::cache
