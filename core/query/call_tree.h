#pragma once
// Top-down and bottom-up (inverted) call trees over a snapshot. Node 0 is a virtual root holding
// the total; children are sorted by total weight, heaviest first.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/model/flat_hash_map.h"
#include "core/model/profile.h"
#include "core/query/sample_filter.h"

namespace spyglass {

enum class TreeKind { TopDown, BottomUp };

struct TreeOptions {
    size_t metric = 0;
    bool byLine = false; // split a function's nodes by line (py-spy's default); merged otherwise
};

struct CallTreeNode {
    uint32_t parent = UINT32_MAX;
    FunctionId function = 0;
    uint32_t line = 0;          // with byLine; else 0
    StringId foldedPackage = 0; // non-zero for a "my code only" fold
    uint32_t depth = 0;         // 0 for the root
    int64_t self = 0;
    int64_t total = 0;
    uint32_t firstChild = 0; // index into CallTree::childIndex
    uint32_t childCount = 0;
};

class CallTree {
public:
    static constexpr uint32_t kRoot = 0;

    const CallTreeNode& node(uint32_t i) const { return nodes_[i]; }
    size_t size() const { return nodes_.size(); }
    std::span<const uint32_t> children(uint32_t i) const {
        return {childIndex_.data() + nodes_[i].firstChild, nodes_[i].childCount};
    }
    int64_t totalWeight() const { return nodes_[kRoot].total; }
    TreeKind kind() const { return kind_; }

    // "name" or "name:line", or the folded package as "[package]".
    std::string label(const Profile& p, uint32_t i) const;
    // Indented text dump ("  " per level: "label total self"), for tests and `spyglass info`.
    std::string dump(const Profile& p, size_t maxDepth = SIZE_MAX) const;

    // Builder interface, used by the query functions.
    uint32_t child(uint32_t parent, FunctionId function, uint32_t line, StringId folded, uint32_t who);
    void finish();

private:
    friend CallTree buildCallTree(const ProfileSnapshot&, const SampleFilter&, TreeKind,
                                  const TreeOptions&);
    std::vector<CallTreeNode> nodes_{CallTreeNode{}};
    std::vector<uint32_t> childIndex_;
    FlatHashMap64 childMap_;
    TreeKind kind_ = TreeKind::TopDown;
};

CallTree buildCallTree(const ProfileSnapshot& snap, const SampleFilter& filter, TreeKind kind,
                       const TreeOptions& options = {});

} // namespace spyglass
