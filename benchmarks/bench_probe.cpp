// probe: headers read per second for a typical file of each format (a camera-style JPEG with a
// 4 KiB EXIF block before its SOF, a PNG with metadata chunks before IDAT, GIF, BMP, WebP VP8X
// with alpha, AVIF with alpha and rotation). Baseline: stb_image's stbi_info_from_memory (what
// an stb-based pipeline calls to size its buffers; JPEG, PNG, GIF, BMP only — stb reads neither
// WebP nor AVIF, nor EXIF orientation).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "edgekernels/image/probe.hpp"

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_NO_STDIO
#include <stb/stb_image.h>

namespace {

std::string u16be(unsigned v) { return {char(v >> 8), char(v & 0xFF)}; }
std::string u32be(std::uint32_t v) { return u16be(v >> 16) + u16be(v & 0xFFFF); }
std::string u16le(unsigned v) { return {char(v & 0xFF), char(v >> 8)}; }
std::string u32le(std::uint32_t v) { return u16le(v & 0xFFFF) + u16le(v >> 16); }
std::string lit(const char *s, std::size_t n) { return std::string(s, n); }

std::string make_jpeg() {
  std::string tiff = lit("MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0", 26) + std::string(4096, 'x');
  std::string s = lit("\xFF\xD8\xFF\xE0", 4) + u16be(16) + lit("JFIF\0\1\1\0\0\1\0\1\0\0", 14);
  s += lit("\xFF\xE1", 2) + u16be(unsigned(8 + tiff.size())) + lit("Exif\0\0", 6) + tiff;
  for (int t = 0; t < 2; ++t) s += lit("\xFF\xDB", 2) + u16be(67) + char(t) + std::string(64, 1);
  s += lit("\xFF\xC0", 2) + u16be(17) + char(8) + u16be(3000) + u16be(4000) + char(3) + lit("\1\x22\0\2\x11\1\3\x11\1", 9);
  // Four Huffman tables as a baseline JPEG carries them (stb reads them before answering).
  for (int t = 0; t < 4; ++t) s += lit("\xFF\xC4", 2) + u16be(19 + 12) + char(t < 2 ? t : 0x10 + t - 2) + std::string(16, 0).replace(0, 1, 1, 12) + std::string(12, 0);
  s += lit("\xFF\xDA\0\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00", 14) + std::string(4096, 0x55) + lit("\xFF\xD9", 2);
  return s;
}

std::string png_chunk(const char *type, const std::string &d) { return u32be(std::uint32_t(d.size())) + type + d + u32be(0); }
std::string make_png() {
  std::string s = lit("\x89PNG\r\n\x1a\n", 8);
  s += png_chunk("IHDR", u32be(1920) + u32be(1080) + lit("\x08\x06\0\0\0", 5));
  s += png_chunk("gAMA", u32be(45455)) + png_chunk("pHYs", std::string(9, 0)) + png_chunk("iCCP", std::string(3000, 'c'));
  s += png_chunk("tEXt", "Software\0ek") + png_chunk("IDAT", std::string(4096, 0)) + png_chunk("IEND", "");
  return s;
}

std::string make_gif() {
  std::string s = "GIF89a" + u16le(500) + u16le(400) + lit("\xF7\0\0", 3) + std::string(768, 7);
  s += lit("\x21\xFF\x0bNETSCAPE2.0\x03\x01\0\0\0", 19) + lit("\x21\xF9\x04\x05\x0a\0\0\0", 8);
  s += lit("\x2C\0\0\0\0", 5) + u16le(500) + u16le(400) + lit("\0\x08\x02\x4c\x01\0\x3b", 7);
  return s;
}

std::string make_bmp() {
  std::string s = "BM" + u32le(0) + u32le(0) + u32le(138) + u32le(124) + u32le(1024) + u32le(0xFFFFFD00u) + u16le(1) + u16le(32) + u32le(3);
  s += std::string(20, 0) + u32le(0xFF0000) + u32le(0xFF00) + u32le(0xFF) + u32le(0xFF000000u) + std::string(124 - 56, 0) + std::string(64, 0);
  return s;
}

std::string riff_chunk(const char *t, const std::string &d) { return t + u32le(std::uint32_t(d.size())) + d + (d.size() & 1 ? std::string(1, 0) : ""); }
std::string make_webp() {
  std::string vp8x = lit("\x10\0\0\0", 4) + u32le(1919).substr(0, 3) + u32le(1079).substr(0, 3);
  std::string vp8 = lit("\x50\x12\x01\x9d\x01\x2a", 6) + u16le(1920) + u16le(1080) + std::string(4096, 0);
  std::string body = "WEBP" + riff_chunk("VP8X", vp8x) + riff_chunk("ALPH", std::string(512, 0)) + riff_chunk("VP8 ", vp8);
  return "RIFF" + u32le(std::uint32_t(body.size())) + body;
}

std::string box(const char *t, const std::string &d) { return u32be(std::uint32_t(8 + d.size())) + t + d; }
std::string full(const char *t, const std::string &d) { return box(t, std::string(4, 0) + d); }
std::string make_avif() {
  std::string ipco = full("ispe", u32be(1) + u32be(1)) + box("av1C", lit("\x81\0\x0c\0", 4)) + full("ispe", u32be(1920) + u32be(1080)) +
                     full("pixi", lit("\x03\x08\x08\x08", 4)) + box("irot", lit("\x01", 1)) +
                     full("auxC", lit("urn:mpeg:mpegB:cicp:systems:auxiliary:alpha\0", 44));
  std::string ipma = u32be(2) + u16be(1) + lit("\x04\x82\x83\x84\x85", 5) + u16be(2) + lit("\x03\x81\x82\x86", 4);
  std::string meta = full("hdlr", std::string(4, 0) + "pict" + std::string(13, 0)) + full("pitm", u16be(1)) +
                     full("iloc", std::string(40, 0)) + full("iinf", std::string(60, 0)) +
                     box("iprp", box("ipco", ipco) + full("ipma", ipma));
  return box("ftyp", "avif" + u32be(0) + "mif1miafavif") + full("meta", meta) + box("mdat", std::string(4096, 0));
}

const std::vector<std::pair<const char *, std::string>> &files() {
  static const std::vector<std::pair<const char *, std::string>> f = {
      {"jpeg", make_jpeg()}, {"png", make_png()}, {"gif", make_gif()},
      {"bmp", make_bmp()},   {"webp", make_webp()}, {"avif", make_avif()}};
  return f;
}

void ek_probe_bench(benchmark::State &state, const std::string &file) {
  ek::image_info info{};
  if (ek::probe(file.data(), file.size(), &info) != EK_OK) state.SkipWithError("probe failed");
  for (auto _ : state) {
    benchmark::DoNotOptimize(file.data());
    benchmark::DoNotOptimize(ek::probe(file.data(), file.size(), &info));
    benchmark::DoNotOptimize(info);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void stb_info_bench(benchmark::State &state, const std::string &file) {
  int w = 0, h = 0, c = 0;
  if (!stbi_info_from_memory(reinterpret_cast<const stbi_uc *>(file.data()), int(file.size()), &w, &h, &c))
    state.SkipWithError(stbi_failure_reason());
  for (auto _ : state) {
    benchmark::DoNotOptimize(file.data());
    benchmark::DoNotOptimize(stbi_info_from_memory(reinterpret_cast<const stbi_uc *>(file.data()), int(file.size()), &w, &h, &c));
    benchmark::DoNotOptimize(w);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

const int registered = [] {
  for (const auto &f : files()) {
    benchmark::RegisterBenchmark((std::string("probe/ek/") + f.first).c_str(), ek_probe_bench, f.second);
    const std::string fmt = f.first;
    if (fmt != "webp" && fmt != "avif")
      benchmark::RegisterBenchmark((std::string("probe/stb_info/") + f.first).c_str(), stb_info_bench, f.second);
  }
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
