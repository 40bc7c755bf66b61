#include "core/elf/elf_file.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <memory>

namespace spyglass::elf {

namespace {

struct FdCloser {
    int fd;
    ~FdCloser() {
        if (fd >= 0) ::close(fd);
    }
};
struct ElfDeleter {
    void operator()(Elf* e) const { elf_end(e); }
};

} // namespace

Result<ElfFile> ElfFile::open(const std::string& path, std::span<const std::string_view> wanted) {
    static const bool versionOk = elf_version(EV_CURRENT) != EV_NONE;
    if (!versionOk) return makeError("libelf is unusable: " + std::string(elf_errmsg(-1)));
    FdCloser fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (fd.fd < 0)
        return makeError("cannot open " + path + ": " + std::strerror(errno),
                         errno == ENOENT ? ErrorKind::NotFound : errno == EACCES ? ErrorKind::Permission
                                                                                : ErrorKind::Generic);
    std::unique_ptr<Elf, ElfDeleter> e(elf_begin(fd.fd, ELF_C_READ_MMAP, nullptr));
    if (!e || elf_kind(e.get()) != ELF_K_ELF)
        return makeError(path + " is not an ELF file", ErrorKind::Unsupported);
    GElf_Ehdr ehdr;
    if (!gelf_getehdr(e.get(), &ehdr)) return makeError(path + ": bad ELF header", ErrorKind::Unsupported);
    if (ehdr.e_ident[EI_CLASS] != ELFCLASS64)
        return makeError(path + " is a 32-bit binary; only 64-bit targets are supported", ErrorKind::Unsupported);

    ElfFile file;
    file.path_ = path;
    file.sharedObject_ = ehdr.e_type == ET_DYN;

    size_t phnum = 0;
    elf_getphdrnum(e.get(), &phnum);
    for (size_t i = 0; i < phnum; ++i) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e.get(), static_cast<int>(i), &ph) || ph.p_type != PT_LOAD) continue;
        file.segments_.push_back({ph.p_offset, ph.p_vaddr, ph.p_filesz, ph.p_memsz, (ph.p_flags & PF_X) != 0});
    }

    size_t shstrndx = 0;
    elf_getshdrstrndx(e.get(), &shstrndx);
    for (Elf_Scn* scn = elf_nextscn(e.get(), nullptr); scn; scn = elf_nextscn(e.get(), scn)) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh)) continue;
        if (const char* name = elf_strptr(e.get(), shstrndx, sh.sh_name)) {
            auto& slot = file.sections_[name];
            // Keep the biggest of equally named sections (py-spy's rule for .bss).
            if (sh.sh_size >= slot.size) slot = {sh.sh_addr, sh.sh_size, sh.sh_type == SHT_NOBITS};
        }
        if (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) continue;
        Elf_Data* data = elf_getdata(scn, nullptr);
        if (!data || sh.sh_entsize == 0) continue;
        const size_t count = sh.sh_size / sh.sh_entsize;
        for (size_t k = 0; k < count; ++k) {
            GElf_Sym sym;
            if (!gelf_getsym(data, static_cast<int>(k), &sym)) continue;
            if (sym.st_shndx == SHN_UNDEF || sym.st_value == 0) continue;
            const int type = GELF_ST_TYPE(sym.st_info);
            if (type != STT_OBJECT && type != STT_FUNC && type != STT_NOTYPE && type != STT_TLS) continue;
            const char* name = elf_strptr(e.get(), sh.sh_link, sym.st_name);
            if (!name || !*name) continue;
            if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), std::string_view(name)) == wanted.end())
                continue;
            file.symbols_.try_emplace(name, Symbol{sym.st_value, sym.st_size});
        }
    }
    return file;
}

std::optional<uint64_t> ElfFile::symbol(std::string_view name) const {
    auto it = symbols_.find(std::string(name));
    if (it == symbols_.end()) return std::nullopt;
    return it->second.address;
}

std::optional<uint64_t> ElfFile::symbolSize(std::string_view name) const {
    auto it = symbols_.find(std::string(name));
    if (it == symbols_.end()) return std::nullopt;
    return it->second.size;
}

std::optional<Section> ElfFile::section(std::string_view name) const {
    auto it = sections_.find(std::string(name));
    if (it == sections_.end()) return std::nullopt;
    return it->second;
}

std::optional<uint64_t> ElfFile::loadBias(uint64_t mapStart, uint64_t mapOffset) const {
    constexpr uint64_t kPage = 4096;
    for (const LoadSegment& s : segments_) {
        const uint64_t segStart = s.fileOffset & ~(kPage - 1);
        if (mapOffset < segStart || mapOffset >= s.fileOffset + std::max<uint64_t>(s.fileSize, 1)) continue;
        const uint64_t vaddrAtOffset = (s.virtualAddress & ~(kPage - 1)) + (mapOffset - segStart);
        return mapStart - vaddrAtOffset;
    }
    return std::nullopt;
}

} // namespace spyglass::elf
