#pragma once
// Streams of bytes in and out of the format readers and writers. Readers pull fixed-size chunks
// (their memory never grows with the file); writers push into a sink that, for files, writes a
// temporary file and renames it on success so a failed export never leaves half a file behind.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/model/result.h"

namespace spyglass {

class InputSource {
public:
    virtual ~InputSource() = default;
    static Result<std::unique_ptr<InputSource>> openFile(const std::string& path);
    static std::unique_ptr<InputSource> fromMemory(std::string_view data, std::string name);

    // Reads up to n bytes into dst; 0 means the end.
    virtual Result<size_t> read(char* dst, size_t n) = 0;
    // Total size when known (files), else 0.
    virtual uint64_t size() const = 0;
    // Starts over from the first byte (format detection peeks, then the reader reads from 0).
    virtual Result<void> rewind() = 0;
    const std::string& name() const { return name_; }

protected:
    std::string name_;
};

class OutputSink {
public:
    virtual ~OutputSink() = default;
    static Result<std::unique_ptr<OutputSink>> toFile(const std::string& path);
    // Writes into *target (tests, clipboard).
    static std::unique_ptr<OutputSink> toString(std::string* target);

    virtual Result<void> write(std::string_view bytes) = 0;
    // Makes the output visible (renames the temporary file). Without it nothing is left behind.
    virtual Result<void> commit() = 0;
    const std::string& name() const { return name_; }

protected:
    std::string name_;
};

// A buffered writer over a sink for the writers' many small pieces.
class BufferedWriter {
public:
    explicit BufferedWriter(OutputSink& sink, size_t capacity = 1 << 20);
    void put(std::string_view s) {
        if (buffer_.size() + s.size() > capacity_) flush();
        if (s.size() > capacity_) {
            if (error_.empty()) pass(s);
            return;
        }
        buffer_.append(s);
    }
    void put(char c) {
        if (buffer_.size() + 1 > capacity_) flush();
        buffer_.push_back(c);
    }
    void putInt(int64_t v);
    void putDouble(double v);
    // Flushes and returns the first error met, if any.
    Result<void> finish();

private:
    void flush();
    void pass(std::string_view s);
    OutputSink& sink_;
    std::string buffer_;
    size_t capacity_;
    std::string error_;
};

} // namespace spyglass
