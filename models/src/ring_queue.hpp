#pragma once
// A FIFO ring buffer with power-of-two capacity that doubles when full: no allocation once it
// has grown to the working size (the hot path pushes and pops contact and agent indices).

#include <cstddef>
#include <vector>

namespace ccsim::models::detail {

template <class T>
class RingQueue {
 public:
  explicit RingQueue(std::size_t capacity_pow2 = 16)
      : buf_(capacity_pow2), mask_(capacity_pow2 - 1) {}
  bool empty() const { return head_ == tail_; }
  std::size_t size() const { return tail_ - head_; }
  void push(const T& x) {
    if (size() == buf_.size()) grow();
    buf_[tail_ & mask_] = x;
    ++tail_;
  }
  const T& front() const { return buf_[head_ & mask_]; }
  void pop() { ++head_; }
  /// Element i from the front (0 = front).
  const T& operator[](std::size_t i) const { return buf_[(head_ + i) & mask_]; }
  /// Keeps only the elements for which keep(x) is true, in order.
  template <class Keep>
  void compact(Keep keep) {
    std::size_t out = head_;
    for (std::size_t i = head_; i != tail_; ++i) {
      const T x = buf_[i & mask_];
      if (keep(x)) buf_[out++ & mask_] = x;
    }
    tail_ = out;
  }

 private:
  void grow() {
    std::vector<T> nb(buf_.size() * 2);
    const std::size_t n = size();
    for (std::size_t k = 0; k < n; ++k) nb[k] = buf_[(head_ + k) & mask_];
    buf_.swap(nb);
    mask_ = buf_.size() - 1;
    head_ = 0;
    tail_ = n;
  }
  std::vector<T> buf_;
  std::size_t mask_;
  std::size_t head_ = 0, tail_ = 0;
};

}  // namespace ccsim::models::detail
