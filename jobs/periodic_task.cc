#include "jobs/periodic_task.h"

namespace usulan::jobs {

PeriodicTask::PeriodicTask(std::chrono::milliseconds interval, First first,
                           std::function<void()> pass)
    : interval_(interval), pass_(std::move(pass)) {
  thread_ = std::thread([this, first] { Run(first); });
}

PeriodicTask::~PeriodicTask() { Stop(); }

void PeriodicTask::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicTask::Run(First first) {
  std::unique_lock lock(mutex_);
  if (first == First::kAfterInterval &&
      wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    return;
  }
  while (!stopping_) {
    lock.unlock();
    pass_();
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace usulan::jobs
