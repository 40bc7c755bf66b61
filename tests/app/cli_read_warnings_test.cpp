// `spyglass convert` and `spyglass info` print what a reader skipped to stderr and still succeed;
// a clean file prints no warning; convert takes its output as -o OUT or as a second file. Runs the
// real built binary on real files.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

class CliReadWarnings : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("spyglass-cli-warnings-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path(name)) << text;
    }
    static std::string slurp(const std::string& file) {
        std::ifstream in(file);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    struct Run {
        int status = -1;
        std::string out, err;
    };
    Run spyglass(const std::string& args) const {
        const std::string command = std::string("'") + SPYGLASS_BINARY + "' " + args + " > '" +
                                    path("stdout") + "' 2> '" + path("stderr") + "'";
        Run r;
        const int raw = std::system(command.c_str());
        r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
        r.out = slurp(path("stdout"));
        r.err = slurp(path("stderr"));
        return r;
    }

    fs::path dir_;
};

constexpr const char* kWithInvalidLines = "main;work 5\n"
                                          "this line has no count\n"
                                          "main;idle 2\n"
                                          "main;work;inner x7\n";
constexpr const char* kClean = "main;work 5\nmain;idle 2\n";

TEST_F(CliReadWarnings, ConvertPrintsSkippedLinesAndStillWrites) {
    write("in.txt", kWithInvalidLines);
    const Run r = spyglass("convert '" + path("in.txt") + "' -o '" + path("out.spyglass") + "'");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("spyglass convert: warning: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("in.txt:2: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("skipped 2 invalid lines"), std::string::npos) << r.err;
    ASSERT_TRUE(fs::exists(path("out.spyglass")));

    // The valid lines made it: 7 samples in the converted file, and no warning reading it back.
    const Run info = spyglass("info '" + path("out.spyglass") + "'");
    EXPECT_EQ(info.status, 0) << info.err;
    EXPECT_EQ(info.err, "");
    EXPECT_NE(info.out.find("(total cpu 7)"), std::string::npos) << info.out;
}

TEST_F(CliReadWarnings, InfoPrintsSkippedLines) {
    write("in.txt", kWithInvalidLines);
    const Run r = spyglass("info '" + path("in.txt") + "'");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("spyglass info: warning: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("in.txt:2: "), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("work"), std::string::npos) << r.out;
}

TEST_F(CliReadWarnings, CleanFileHasNoWarning) {
    write("clean.txt", kClean);
    const Run convert =
        spyglass("convert '" + path("clean.txt") + "' -o '" + path("clean.json") + "'");
    EXPECT_EQ(convert.status, 0) << convert.err;
    EXPECT_EQ(convert.err, "");
    const Run info = spyglass("info '" + path("clean.txt") + "'");
    EXPECT_EQ(info.status, 0) << info.err;
    EXPECT_EQ(info.err, "");
}

TEST_F(CliReadWarnings, ConvertTakesItsOutputAsASecondFileToo) {
    write("clean.txt", kClean);
    const Run twoFiles = spyglass("convert '" + path("clean.txt") + "' '" + path("two.json") + "'");
    EXPECT_EQ(twoFiles.status, 0) << twoFiles.err;
    const Run option =
        spyglass("convert '" + path("clean.txt") + "' -o '" + path("option.json") + "'");
    EXPECT_EQ(option.status, 0) << option.err;
    EXPECT_FALSE(slurp(path("two.json")).empty());
    EXPECT_EQ(slurp(path("two.json")), slurp(path("option.json")));
    // Both forms at once, or no output at all: refused.
    for (const std::string& args : {"convert '" + path("clean.txt") + "' '" + path("a.json") +
                                        "' -o '" + path("b.json") + "'",
                                    "convert '" + path("clean.txt") + "'"}) {
        const Run r = spyglass(args);
        EXPECT_EQ(r.status, 2) << args;
        EXPECT_NE(r.err.find("need one input file and an output"), std::string::npos) << r.err;
    }
}

} // namespace
