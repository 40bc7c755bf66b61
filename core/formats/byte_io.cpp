#include "core/formats/byte_io.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spyglass {

namespace {

std::string errnoText(int e) { return std::strerror(e); }

class FileInput final : public InputSource {
public:
    FileInput(int fd, std::string path, uint64_t size) : fd_(fd), size_(size) { name_ = std::move(path); }
    ~FileInput() override { ::close(fd_); }
    Result<size_t> read(char* dst, size_t n) override {
        for (;;) {
            const ssize_t got = ::read(fd_, dst, n);
            if (got >= 0) return static_cast<size_t>(got);
            if (errno == EINTR) continue;
            return makeError(name_ + ": read failed: " + errnoText(errno));
        }
    }
    uint64_t size() const override { return size_; }
    Result<void> rewind() override {
        if (::lseek(fd_, 0, SEEK_SET) < 0) return makeError(name_ + ": cannot seek: " + errnoText(errno));
        return {};
    }

private:
    int fd_;
    uint64_t size_;
};

class MemoryInput final : public InputSource {
public:
    MemoryInput(std::string_view data, std::string name) : data_(data) { name_ = std::move(name); }
    Result<size_t> read(char* dst, size_t n) override {
        const size_t k = std::min(n, data_.size() - pos_);
        std::memcpy(dst, data_.data() + pos_, k);
        pos_ += k;
        return k;
    }
    uint64_t size() const override { return data_.size(); }
    Result<void> rewind() override {
        pos_ = 0;
        return {};
    }

private:
    std::string_view data_;
    size_t pos_ = 0;
};

class FileOutput final : public OutputSink {
public:
    FileOutput(int fd, std::string path, std::string temp) : fd_(fd), temp_(std::move(temp)) {
        name_ = std::move(path);
    }
    ~FileOutput() override {
        if (fd_ >= 0) ::close(fd_);
        if (!committed_) ::unlink(temp_.c_str());
    }
    Result<void> write(std::string_view bytes) override {
        while (!bytes.empty()) {
            const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
            if (n < 0) {
                if (errno == EINTR) continue;
                return makeError(name_ + ": write failed: " + errnoText(errno));
            }
            bytes.remove_prefix(static_cast<size_t>(n));
        }
        return {};
    }
    Result<void> commit() override {
        if (::close(fd_) != 0) {
            fd_ = -1;
            return makeError(name_ + ": write failed: " + errnoText(errno));
        }
        fd_ = -1;
        if (::rename(temp_.c_str(), name_.c_str()) != 0)
            return makeError(name_ + ": cannot create: " + errnoText(errno));
        committed_ = true;
        return {};
    }

private:
    int fd_;
    std::string temp_;
    bool committed_ = false;
};

class StringOutput final : public OutputSink {
public:
    explicit StringOutput(std::string* target) : target_(target) { name_ = "<memory>"; }
    Result<void> write(std::string_view bytes) override {
        target_->append(bytes);
        return {};
    }
    Result<void> commit() override { return {}; }

private:
    std::string* target_;
};

} // namespace

Result<std::unique_ptr<InputSource>> InputSource::openFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return makeError(path + ": cannot open: " + errnoText(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        ::close(fd);
        return makeError(path + ": not a readable file");
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return std::unique_ptr<InputSource>(std::make_unique<FileInput>(fd, path, static_cast<uint64_t>(st.st_size)));
}

std::unique_ptr<InputSource> InputSource::fromMemory(std::string_view data, std::string name) {
    return std::make_unique<MemoryInput>(data, std::move(name));
}

Result<std::unique_ptr<OutputSink>> OutputSink::toFile(const std::string& path) {
    std::string temp = path + ".tmp-XXXXXX";
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) return makeError(path + ": cannot create: " + errnoText(errno));
    ::fchmod(fd, 0644);
    return std::unique_ptr<OutputSink>(std::make_unique<FileOutput>(fd, path, std::move(temp)));
}

std::unique_ptr<OutputSink> OutputSink::toString(std::string* target) {
    return std::make_unique<StringOutput>(target);
}

BufferedWriter::BufferedWriter(OutputSink& sink, size_t capacity) : sink_(sink), capacity_(capacity) {
    buffer_.reserve(capacity);
}

void BufferedWriter::pass(std::string_view s) {
    if (auto r = sink_.write(s); !r && error_.empty()) error_ = r.error().message;
}

void BufferedWriter::flush() {
    if (!buffer_.empty() && error_.empty()) pass(buffer_);
    buffer_.clear();
}

void BufferedWriter::putInt(int64_t v) {
    char tmp[24];
    auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
    put(std::string_view(tmp, static_cast<size_t>(end - tmp)));
}

void BufferedWriter::putDouble(double v) {
    char tmp[32];
    auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
    put(std::string_view(tmp, static_cast<size_t>(end - tmp)));
}

Result<void> BufferedWriter::finish() {
    flush();
    if (!error_.empty()) return makeError(error_);
    return {};
}

} // namespace spyglass
