#pragma once
// Lines read on a second thread: it does the reading (the kernel's copy out of the page cache),
// the line splitting and the decoding while the caller's thread builds the profile, so a large
// file costs about the larger of the two instead of their sum. Batches of lines travel through
// a small bounded queue and are recycled, so memory stays a few MiB whatever the file size.
// Progress and cancellation stay on the caller's thread.
#include "core/formats/line_reader.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace spyglass {

struct LineBatch {
    static constexpr uint32_t kTooLong = UINT32_MAX; // an `ends` entry for a skipped long line

    std::string text;           // the lines' bytes, back to back
    std::vector<uint32_t> ends; // end offset of each line in text, or kTooLong
    uint64_t firstLine = 0;     // number of the first line
    uint64_t bytesRead = 0;     // input consumed so far, for progress
    bool last = false;          // the end of input (or a failure, when error is set)
    Error error;
};

class BackgroundLines {
  public:
    BackgroundLines(InputSource& in, const ReadOptions& options);
    ~BackgroundLines(); // stops and joins the reading thread
    BackgroundLines(const BackgroundLines&) = delete;
    BackgroundLines& operator=(const BackgroundLines&) = delete;

    // The next batch (blocks until one is ready); hand it back with recycle() when done.
    LineBatch* next();
    void recycle(LineBatch* batch);

  private:
    void run();

    InputSource& in_;
    ReadOptions readerOptions_; // without progress: that is reported by the caller's thread
    std::vector<std::unique_ptr<LineBatch>> owned_;
    std::deque<LineBatch*> ready_, free_;
    std::mutex mutex_;
    std::condition_variable changed_;
    bool stop_ = false;
    std::thread thread_;
};

} // namespace spyglass
