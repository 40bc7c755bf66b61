#pragma once
// Errors as values: a small stand-in for C++23 std::expected, which our C++20 toolchain lacks.
#include <string>
#include <utility>
#include <variant>

namespace spyglass {

// What kind of failure, where a caller acts on it (the sampler drops torn reads, ends on exit).
enum class ErrorKind { Generic, NotFound, Permission, Torn, Unsupported, Cancelled };

struct Error {
    std::string message;
    ErrorKind kind = ErrorKind::Generic;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), failed_(true) {}
    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return error_; }

private:
    Error error_;
    bool failed_ = false;
};

inline Error makeError(std::string message, ErrorKind kind = ErrorKind::Generic) {
    return Error{std::move(message), kind};
}

} // namespace spyglass
