#pragma once
// Interns the frames of transformed paths (PathFrame) as dense FlameLabel indices while a layout
// is built, so a layout compares and stores 32-bit labels instead of frames.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/model/flat_hash_map.h"
#include "core/model/profile.h"
#include "core/query/weighted_stacks.h"
#include "widgets/flamegraph/flame_layout.h"

namespace spyglass {

class FlameLabelTable {
public:
    // Label 0 is the root.
    FlameLabelTable(const ProfileSnapshot& snap, bool byLine, const FlameLabel& root)
        : profile_(*snap.profile), functionCount_(snap.functions), byLine_(byLine) {
        labels_.push_back(root);
        labels_.back().isRoot = true;
    }

    uint32_t labelOf(const PathFrame& f) {
        const uint32_t line = byLine_ && !f.foldedPackage ? profile_.frame(f.frame).line : 0;
        return labelOf(f.function, line, f.foldedPackage);
    }

    // A call tree node's label: the tree already resolved the line (0 unless split by line).
    uint32_t labelOf(FunctionId function, uint32_t line, StringId foldedPackage) {
        if (!byLine_ || foldedPackage) line = 0;
        const uint64_t key = foldedPackage ? packKey(UINT32_MAX, foldedPackage) : packKey(function, line);
        if (const uint32_t found = index_.find(key); found != FlatHashMap64::kMissing) return found;
        FlameLabel label;
        label.function = function;
        label.line = line;
        label.foldedPackage = foldedPackage;
        label.category = foldedPackage ? packageCategory(foldedPackage) : profile_.function(function).category;
        labels_.push_back(label);
        return index_.insert(key, static_cast<uint32_t>(labels_.size() - 1));
    }

    std::vector<FlameLabel> take() { return std::move(labels_); }

private:
    PackageCategory packageCategory(StringId package) {
        if (packages_.empty())
            for (FunctionId i = 0; i < functionCount_; ++i) {
                const Function& fn = profile_.function(i);
                if (fn.category == PackageCategory::StandardLibrary ||
                    fn.category == PackageCategory::ThirdParty)
                    packages_.emplace(fn.package, fn.category);
            }
        const auto it = packages_.find(package);
        return it == packages_.end() ? PackageCategory::Unknown : it->second;
    }

    const Profile& profile_;
    size_t functionCount_;
    bool byLine_;
    FlatHashMap64 index_;
    std::vector<FlameLabel> labels_;
    std::unordered_map<StringId, PackageCategory> packages_;
};

} // namespace spyglass
