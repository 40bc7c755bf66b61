#pragma once
// The function the user selected, shared by every view: selecting in one selects in all. A view
// that knows the stack the selection came from (a tree node, a flame frame) passes it along for
// "copy stack".
#include <QObject>
#include <vector>

#include "core/model/frame.h"

namespace spyglass::ui {

class FunctionSelection : public QObject {
    Q_OBJECT
public:
    static constexpr FunctionId kNone = UINT32_MAX;

    explicit FunctionSelection(QObject* parent = nullptr) : QObject(parent) {}

    FunctionId function() const { return function_; }
    bool hasFunction() const { return function_ != kNone; }
    // The call stack the selection came from, outermost call first; empty when the selecting view
    // had no stack.
    const std::vector<FunctionId>& stack() const { return stack_; }

    void select(FunctionId function, std::vector<FunctionId> stack = {});
    void clear() { select(kNone); }
    // Selects and asks for a closer look (double-click, Enter): the window shows its source.
    void activate(FunctionId function, std::vector<FunctionId> stack = {});

signals:
    void changed(spyglass::FunctionId function);
    void activated(spyglass::FunctionId function);

private:
    FunctionId function_ = kNone;
    std::vector<FunctionId> stack_;
};

} // namespace spyglass::ui
