// Writes and reads our own format for the same data as the collapsed-read benchmark (1,000,000
// samples over 100,000 distinct stacks, 5 to 40 frames deep, py-spy-style functions with full
// paths; generated here with a fixed seed, as gen_collapsed.py does), and prints time, throughput
// of uncompressed content and peak memory, beside baselines in the same run: plain write() and
// read() of the same number of bytes through the page cache (the ceiling of any file format), and
// copying the profile into a new Profile with no file at all (the ceiling of any reader into this
// model: its allocations and page faults). Wall and CPU times both, as the machine is shared.
//
// usage: spyglass_format_bench [DIR] [--runs N] [--level ZSTD_LEVEL]   (DIR default
// tests/bench/data)
//        spyglass_format_bench --read-once FILE      (one read in a fresh process, for its peak)
#include "bench_util.h"
#include "core/formats/profile_io.h"

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace spyglass;

std::unique_ptr<Profile> generate(size_t samples, size_t distinctStacks) {
    auto p = std::make_unique<Profile>();
    std::mt19937_64 rng(1);
    auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    const char* roots[] = {"/usr/lib/python3.11/json/",
                           "/usr/lib/python3.11/",
                           "/srv/venv/lib/python3.11/site-packages/numpy/",
                           "/srv/venv/lib/python3.11/site-packages/pandas/",
                           "/srv/app/src/pipeline/",
                           "/srv/app/src/storage/"};
    const char* words[] = {"load",   "parse",   "batch",  "frame",  "index",  "query",
                           "merge",  "apply",   "encode", "decode", "reduce", "flush",
                           "handle", "resolve", "store",  "fetch",  "split"};
    std::vector<std::string> files;
    for (int i = 0; i < 600; ++i)
        files.push_back(std::string(roots[pick(6)]) + words[pick(17)] + std::to_string(i) + ".py");
    std::vector<FunctionId> functions;
    for (int i = 0; i < 20000; ++i) {
        std::string name = std::string(words[pick(17)]) + "_" + std::to_string(i);
        if (pick(10) < 3) name = std::string(words[pick(17)]) + "." + name;
        functions.push_back(p->internFunction(name, files[pick(files.size())]));
    }
    auto freshFrame = [&] {
        return p->internFrame(functions[pick(functions.size())], 1 + pick(2400));
    };
    // Each new stack takes a prefix of an earlier one and adds fresh frames up to its depth.
    std::vector<std::vector<FrameId>> roots3(20);
    for (auto& r : roots3)
        for (int i = 0; i < 3; ++i)
            r.push_back(freshFrame());
    std::vector<StackId> stacks;
    std::vector<std::vector<FrameId>> paths;
    while (stacks.size() < distinctStacks) {
        const size_t depth = 5 + pick(36);
        std::vector<FrameId> frames;
        if (!paths.empty() && pick(10) < 9) {
            const auto& base = paths[pick(paths.size())];
            frames.assign(base.begin(), base.begin() + 1 + pick(std::min(base.size(), depth - 1)));
        } else {
            const auto& r = roots3[pick(20)];
            frames.assign(r.begin(), r.begin() + std::min<size_t>(3, depth - 1));
        }
        while (frames.size() < depth)
            frames.push_back(freshFrame());
        const size_t before = p->stackCount();
        const StackId s = p->internStack(frames);
        if (p->stackCount() == before) continue; // not a new stack
        stacks.push_back(s);
        paths.push_back(std::move(frames));
    }
    paths = {};
    const ThreadIndex t = p->addThread(1, "MainThread");
    std::exponential_distribution<double> skew(0.02);
    p->reserveSamples(samples);
    for (size_t i = 0; i < samples; ++i) {
        const size_t s =
            i < stacks.size()
                ? i
                : (pick(2) ? std::min(stacks.size() - 1, size_t(skew(rng))) : pick(stacks.size()));
        p->appendSample(int64_t(i) * 10'000'000, t, stacks[s], 1 + int64_t(pick(50)));
    }
    return p;
}

double contentBytes(const Profile& p) {
    double strings = 0;
    for (StringId s = 0; s < p.strings().size(); ++s)
        strings += double(p.str(s).size());
    return double(p.sampleCount()) * double(8 + 4 + 4 + 1 + 8 * p.metrics().size()) +
           double(p.stackCount()) * sizeof(StackNode) + double(p.frameCount()) * sizeof(Frame) +
           double(p.functionCount()) * sizeof(Function) +
           double(p.threadCount()) * sizeof(ThreadInfo) + strings;
}

double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// Every table of p appended into a new profile, as a reader would, minus the decoding.
std::unique_ptr<Profile> copyModel(const Profile& p) {
    auto q = std::make_unique<Profile>(p.metrics());
    for (StringId s = 1; s < p.strings().size(); ++s)
        q->intern(p.str(s));
    for (FunctionId f = 0; f < p.functionCount(); ++f)
        q->internFunction(p.function(f));
    for (FrameId f = 0; f < p.frameCount(); ++f)
        q->appendFrameUnchecked(p.frame(f).function, p.frame(f).line);
    for (StackId s = 0; s < p.stackCount(); ++s)
        q->appendStackUnchecked(p.stack(s).parent, p.stack(s).frame);
    for (ThreadIndex t = 0; t < p.threadCount(); ++t)
        q->addThread(p.thread(t).id, p.str(p.thread(t).name));
    std::vector<int64_t> w(p.metrics().size());
    for (size_t i = 0; i < p.sampleCount(); ++i) {
        for (size_t m = 0; m < w.size(); ++m)
            w[m] = p.sampleWeight(i, m);
        q->appendSample(
            SampleInput{p.sampleTime(i), p.sampleThread(i), p.sampleStack(i), p.sampleFlags(i), w});
    }
    return q;
}

double rawWriteSeconds(const std::string& path, const std::vector<char>& data) {
    const double t0 = bench::nowSeconds();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    for (size_t off = 0; off < data.size();)
        off += size_t(::write(fd, data.data() + off, std::min<size_t>(1 << 20, data.size() - off)));
    ::close(fd);
    return bench::nowSeconds() - t0;
}

double rawReadSeconds(const std::string& path, std::vector<char>& buffer) {
    const double t0 = bench::nowSeconds();
    const int fd = ::open(path.c_str(), O_RDONLY);
    size_t off = 0;
    for (ssize_t n;
         (n = ::read(fd, buffer.data() + off, std::min<size_t>(1 << 20, buffer.size() - off))) > 0;)
        off += size_t(n);
    ::close(fd);
    return bench::nowSeconds() - t0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "--read-once") == 0) {
        const double t0 = bench::nowSeconds();
        auto p = readProfileFile(argv[2]);
        const double seconds = bench::nowSeconds() - t0;
        if (!p) {
            std::fprintf(stderr, "%s\n", p.error().message.c_str());
            return 1;
        }
        std::printf("read_once seconds=%.3f peak_mb=%.1f model_mb=%.1f\n", seconds,
                    bench::peakRssMiB(), double((*p)->memoryBytes()) / 1048576.0);
        return 0;
    }
    std::string dir = "tests/bench/data";
    int runs = 5;
    WriteOptions writeOptions;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--level") == 0 && i + 1 < argc)
            writeOptions.zstdLevel = std::atoi(argv[++i]);
        else
            dir = argv[i];
    }
    const std::string file = dir + "/format-bench.spyglass", rawFile = dir + "/format-bench.raw";

    double t0 = bench::nowSeconds();
    auto profile = generate(1'000'000, 100'000);
    std::printf(
        "generated %zu samples, %zu stacks, %zu frames, %zu functions in %.1f s; model %.1f MB\n",
        profile->sampleCount(), profile->stackCount(), profile->frameCount(),
        profile->functionCount(), bench::nowSeconds() - t0,
        double(profile->memoryBytes()) / 1048576.0);
    const double content = contentBytes(*profile);

    std::vector<double> writes, reads, rawWrites, rawReads, copies, writeCpu, readCpu, copyCpu;
    std::vector<char> raw(size_t(content), 'x');
    for (int r = 0; r < runs; ++r) {
        // Interleaved with the baselines so all see the same machine load.
        t0 = bench::nowSeconds();
        double c0 = cpuSeconds();
        if (auto w = writeProfileFile(*profile, file, FileFormat::Spyglass, writeOptions); !w) {
            std::fprintf(stderr, "%s\n", w.error().message.c_str());
            return 1;
        }
        writes.push_back(bench::nowSeconds() - t0);
        writeCpu.push_back(cpuSeconds() - c0);
        rawWrites.push_back(rawWriteSeconds(rawFile, raw));
        t0 = bench::nowSeconds();
        c0 = cpuSeconds();
        auto back = readProfileFile(file);
        reads.push_back(bench::nowSeconds() - t0);
        readCpu.push_back(cpuSeconds() - c0);
        if (!back || (*back)->sampleCount() != profile->sampleCount()) {
            std::fprintf(stderr, "read back failed\n");
            return 1;
        }
        back = makeError("");
        rawReads.push_back(rawReadSeconds(rawFile, raw));
        t0 = bench::nowSeconds();
        c0 = cpuSeconds();
        auto copy = copyModel(*profile);
        copies.push_back(bench::nowSeconds() - t0);
        copyCpu.push_back(cpuSeconds() - c0);
    }
    FILE* f = std::fopen(file.c_str(), "rb");
    std::fseek(f, 0, SEEK_END);
    const double fileBytes = double(std::ftell(f));
    std::fclose(f);
    const double w = bench::median(writes), r = bench::median(reads);
    const double rw = bench::median(rawWrites), rr = bench::median(rawReads);
    std::printf("content %.1f MB (fixed-width model columns), file %.1f MB (ratio %.1fx, zstd "
                "level %d), runs %d\n",
                content / 1e6, fileBytes / 1e6, content / fileBytes, writeOptions.zstdLevel, runs);
    const double wc = bench::median(writeCpu), rc = bench::median(readCpu);
    const double cp = bench::median(copies), cc = bench::median(copyCpu);
    std::printf(
        "spyglass_write median %.3f s wall (%.2f GB/s of content), %.3f s cpu (%.2f GB/s)\n", w,
        content / w / 1e9, wc, content / wc / 1e9);
    std::printf(
        "  baseline write() of the content: %.3f s (%.2f GB/s); ratio spyglass/baseline %.2f\n", rw,
        content / rw / 1e9, w / rw);
    std::printf(
        "spyglass_read  median %.3f s wall (%.2f GB/s of content), %.3f s cpu (%.2f GB/s)\n", r,
        content / r / 1e9, rc, content / rc / 1e9);
    std::printf(
        "  baseline read() of the content: %.3f s (%.2f GB/s); ratio spyglass/baseline %.2f\n", rr,
        content / rr / 1e9, r / rr);
    std::printf("  baseline copy into a new Profile (no file): %.3f s wall, %.3f s cpu; ratio "
                "read/copy %.2f\n",
                cp, cc, r / cp);
    std::printf("peak_mb (generate + write + reads, this process) %.1f\n", bench::peakRssMiB());
    std::fflush(stdout);
    // One read in a fresh process for the reader's own peak memory.
    const std::string cmd = std::string(argv[0]) + " --read-once " + file;
    return std::system(cmd.c_str()) == 0 ? 0 : 1;
}
