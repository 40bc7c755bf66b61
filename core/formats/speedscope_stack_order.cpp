// Ordering the pending stacks for the model (speedscope_stacks.h). Sorting a hundred thousand
// stacks costs as much as a tenth of a large file's parse, and needs only the frame indices: on
// a second thread it overlaps the interning of the frames, which needs only the frames.
#include "core/formats/speedscope_stacks.h"

#include <system_error>

namespace spyglass::speedscope {

std::vector<OrderedStack> orderPending(const DistinctStacks& stacks) {
    std::vector<OrderedStack> order;
    order.reserve(stacks.pendingCount());
    stacks.forEachPending([&](uint32_t id, std::span<const uint32_t> frames) {
        order.push_back(OrderedStack{id, 0, frames});
    });
    std::sort(order.begin(), order.end(), [](const OrderedStack& a, const OrderedStack& b) {
        return std::lexicographical_compare(a.frames.begin(), a.frames.end(), b.frames.begin(),
                                            b.frames.end());
    });
    std::span<const uint32_t> previous;
    for (OrderedStack& s : order) {
        const size_t most = std::min(s.frames.size(), previous.size());
        size_t common = 0;
        while (common < most && s.frames[common] == previous[common])
            ++common;
        s.common = static_cast<uint32_t>(common);
        previous = s.frames;
    }
    return order;
}

std::future<std::vector<OrderedStack>> orderPendingAsync(const DistinctStacks& stacks) {
    // Below this many stacks a thread costs more than it saves.
    constexpr size_t kWorthAThread = 4096;
    if (stacks.pendingCount() >= kWorthAThread) {
        try {
            return std::async(std::launch::async, [&stacks] { return orderPending(stacks); });
        } catch (const std::system_error&) {
            // no second thread here: the same work when asked for
        }
    }
    return std::async(std::launch::deferred, [&stacks] { return orderPending(stacks); });
}

} // namespace spyglass::speedscope
