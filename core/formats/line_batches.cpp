#include "core/formats/line_batches.h"

namespace spyglass {

namespace {
constexpr size_t kBatchBytes = 1u << 20; // a batch closes after about this much text
constexpr size_t kBatches = 4;           // in flight at most
} // namespace

BackgroundLines::BackgroundLines(InputSource& in, const ReadOptions& options) : in_(in) {
    readerOptions_.warning = options.warning;
    for (size_t i = 0; i < kBatches; ++i) {
        owned_.push_back(std::make_unique<LineBatch>());
        owned_.back()->text.reserve(kBatchBytes + (64u << 10));
        free_.push_back(owned_.back().get());
    }
    thread_ = std::thread([this] { run(); });
}

BackgroundLines::~BackgroundLines() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

LineBatch* BackgroundLines::next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty(); });
    LineBatch* b = ready_.front();
    ready_.pop_front();
    return b;
}

void BackgroundLines::recycle(LineBatch* batch) {
    {
        std::lock_guard lock(mutex_);
        free_.push_back(batch);
    }
    changed_.notify_all();
}

void BackgroundLines::run() {
    LineReader reader(in_, readerOptions_);
    bool done = false;
    while (!done) {
        LineBatch* b;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return stop_ || !free_.empty(); });
            if (stop_) return;
            b = free_.front();
            free_.pop_front();
        }
        if (b->text.capacity() > 8 * kBatchBytes) { // it held a very long line: give that back
            std::string().swap(b->text);
            b->text.reserve(kBatchBytes + (64u << 10));
        }
        b->text.clear();
        b->ends.clear();
        b->firstLine = reader.lineNumber() + 1;
        b->last = false;
        b->error = {};
        std::string_view line;
        while (b->text.size() < kBatchBytes) {
            const LineReader::Status s = reader.next(line);
            if (s == LineReader::Status::Line) {
                b->text.append(line);
                b->ends.push_back(static_cast<uint32_t>(b->text.size()));
                // Take the lines already in the reader's buffer without another call into it.
                while (b->text.size() < kBatchBytes && reader.nextBuffered(line)) {
                    b->text.append(line);
                    b->ends.push_back(static_cast<uint32_t>(b->text.size()));
                }
                continue;
            }
            if (s == LineReader::Status::TooLong) {
                b->ends.push_back(LineBatch::kTooLong);
                continue;
            }
            if (s == LineReader::Status::Failed) b->error = reader.error();
            b->last = true;
            done = true;
            break;
        }
        b->bytesRead = reader.bytesRead();
        {
            std::lock_guard lock(mutex_);
            ready_.push_back(b);
        }
        changed_.notify_all();
    }
}

} // namespace spyglass
