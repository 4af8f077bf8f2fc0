#include "core/server/order_feed.h"

#include <algorithm>

namespace brew {

void OrderFeed::Join(Screen* screen) {
  MutexLock lock(&mu_);
  screens_.push_back(screen);
}

// FanOut holds mu_ for its whole fan-out, so once Leave has the lock no
// call to `screen` is running, and none will start.
void OrderFeed::Leave(Screen* screen) {
  MutexLock lock(&mu_);
  screens_.erase(std::remove(screens_.begin(), screens_.end(), screen), screens_.end());
}

void OrderFeed::FanOut(const orders::v1::OrderEvent& order) {
  MutexLock lock(&mu_);
  for (Screen* screen : screens_) screen->OnOrder(order);
}

}  // namespace brew
