#include "report/svg_plot.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

namespace kvbench::report::svg {
namespace {

constexpr double kWidth = 760, kHeight = 300;
constexpr double kLeft = 70, kRight = 180, kTop = 30, kBottom = 45;  // margins; the legend is right

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Linear or log10 mapping of a data range onto a pixel range.
struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  double px_lo = 0, px_hi = 1;

  double value(double v) const { return log ? std::log10(std::max(v, 1e-12)) : v; }
  double map(double v) const {
    const double a = value(lo), b = value(hi);
    const double f = b > a ? (value(v) - a) / (b - a) : 0.5;
    return px_lo + f * (px_hi - px_lo);
  }
  // Tick values: the decades of a log axis, about five round steps of a linear one.
  std::vector<double> ticks() const {
    std::vector<double> out;
    if (log) {
      for (double d = std::floor(std::log10(lo)); d <= std::ceil(std::log10(hi)); d += 1) {
        const double t = std::pow(10.0, d);
        if (t >= lo * 0.999 && t <= hi * 1.001) out.push_back(t);
      }
      return out;
    }
    const double span = hi - lo;
    if (!(span > 0)) return {lo};
    const double raw = span / 5, mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push_back(t);
    return out;
  }
};

std::string text(double x, double y, std::string_view s, std::string_view anchor = "start",
                 std::string_view extra = "") {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + std::string(anchor) + "\"" +
         std::string(extra) + ">" + escape_xml(s) + "</text>";
}

std::string open_svg(double height, const std::string& title) {
  return "<svg class=\"chart\" width=\"" + num(kWidth) + "\" height=\"" +
         num(height) + "\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) + "\" role=\"img\" aria-label=\"" +
         escape_xml(title) + "\">" + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" +
         text(kWidth / 2, 18, title, "middle", " font-weight=\"bold\"");
}

// The data's range on one axis, with empty and flat ranges widened so that mapping works.
std::pair<double, double> range(const std::vector<Series>& series, bool x, bool positive_only) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const Series& s : series)
    for (const auto& p : s.points) {
      const double v = x ? p.first : p.second;
      if (!std::isfinite(v) || (positive_only && v <= 0)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!std::isfinite(lo)) return {positive_only ? 1 : 0, positive_only ? 10 : 1};
  if (hi <= lo) hi = positive_only ? lo * 10 : lo + 1;
  return {lo, hi};
}

std::string polyline(const Series& s, const Axis& x, const Axis& y) {
  std::string pts;
  double last_y = 0;
  bool first = true;
  for (const auto& [vx, vy] : s.points) {
    if (!std::isfinite(vx) || !std::isfinite(vy) || (x.log && vx <= 0)) continue;
    const double px = x.map(vx), py = y.map(vy);
    if (s.step && !first) pts += num(px) + "," + num(last_y) + " ";
    pts += num(px) + "," + num(py) + " ";
    last_y = py;
    first = false;
  }
  if (pts.empty()) return "";
  return "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + std::string(series_colour(s.colour)) + "\"" +
         (s.dashed ? " stroke-dasharray=\"6 4\"" : "") + " points=\"" + pts + "\"/>";
}

}  // namespace

std::string escape_xml(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (const char c : in) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters other than tab and newline are not allowed in XML text.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') out += ' ';
        else out += c;
    }
  }
  return out;
}

std::string_view series_colour(std::size_t i) {
  static constexpr std::array<std::string_view, 8> kPalette = {
      "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
  return kPalette[i % kPalette.size()];
}

std::string short_number(double v) {
  const double a = std::fabs(v);
  char buf[32];
  if (a >= 1e9) std::snprintf(buf, sizeof buf, "%.3gG", v / 1e9);
  else if (a >= 1e6) std::snprintf(buf, sizeof buf, "%.3gM", v / 1e6);
  else if (a >= 1e3) std::snprintf(buf, sizeof buf, "%.3gk", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::string line_chart(const LineChart& chart, const std::vector<Series>& series) {
  std::string out = open_svg(kHeight, chart.title);
  const bool empty = std::all_of(series.begin(), series.end(), [](const Series& s) { return s.points.empty(); });
  if (empty) return out + text(kWidth / 2, kHeight / 2, "no data", "middle", " fill=\"#888\"") + "</svg>";
  const auto [x_lo, x_hi] = range(series, true, chart.log_x);
  auto [y_lo, y_hi] = range(series, false, false);
  y_lo = std::min(y_lo, chart.y_min);
  if (chart.y_max >= chart.y_min) y_hi = chart.y_max;
  for (const auto& [v, label] : chart.y_marks) y_hi = std::max(y_hi, v * 1.05);
  if (y_hi <= y_lo) y_hi = y_lo + 1;
  const Axis x{x_lo, x_hi, chart.log_x, kLeft, kWidth - kRight};
  const Axis y{y_lo, y_hi, false, kHeight - kBottom, kTop};
  out += "<g stroke=\"#ccc\" stroke-width=\"1\">";
  for (double t : y.ticks())
    out += "<line x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - kRight) + "\" y1=\"" + num(y.map(t)) +
           "\" y2=\"" + num(y.map(t)) + "\"/>";
  out += "</g><g font-size=\"11\" fill=\"#333\">";
  for (double t : y.ticks()) out += text(kLeft - 6, y.map(t) + 4, short_number(t), "end");
  for (double t : x.ticks()) out += text(x.map(t), kHeight - kBottom + 16, short_number(t), "middle");
  out += text((kLeft + kWidth - kRight) / 2, kHeight - 8, chart.x_label, "middle");
  out += text(14, kTop + (kHeight - kTop - kBottom) / 2, chart.y_label, "middle",
              " transform=\"rotate(-90 14 " + num(kTop + (kHeight - kTop - kBottom) / 2) + ")\"");
  out += "</g><rect x=\"" + num(kLeft) + "\" y=\"" + num(kTop) + "\" width=\"" + num(kWidth - kLeft - kRight) +
         "\" height=\"" + num(kHeight - kTop - kBottom) + "\" fill=\"none\" stroke=\"#666\"/>";
  for (const auto& [v, label] : chart.y_marks)
    out += "<line stroke=\"#000\" stroke-dasharray=\"2 3\" x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - kRight) +
           "\" y1=\"" + num(y.map(v)) + "\" y2=\"" + num(y.map(v)) + "\"/>" +
           text(kLeft + 4, y.map(v) - 3, label, "start", " font-size=\"10\"");
  for (const Series& s : series) out += polyline(s, x, y);
  double ly = kTop + 8;
  for (const Series& s : series) {
    if (s.points.empty()) continue;
    const std::string c(series_colour(s.colour));
    out += "<line x1=\"" + num(kWidth - kRight + 10) + "\" x2=\"" + num(kWidth - kRight + 30) + "\" y1=\"" +
           num(ly) + "\" y2=\"" + num(ly) + "\" stroke-width=\"2\" stroke=\"" + c + "\"" +
           (s.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>" +
           text(kWidth - kRight + 34, ly + 4, s.label, "start", " font-size=\"11\"");
    ly += 16;
  }
  return out + "</svg>";
}

std::string bar_chart(const std::string& title, const std::string& unit, const std::vector<Bar>& bars) {
  const double row = 26, height = kTop + 10 + row * static_cast<double>(std::max<std::size_t>(bars.size(), 1));
  std::string out = open_svg(height, title);
  if (bars.empty()) return out + text(kWidth / 2, height / 2 + 8, "no data", "middle", " fill=\"#888\"") + "</svg>";
  double hi = 0;
  for (const Bar& b : bars) hi = std::max({hi, b.value, b.target});
  if (!(hi > 0)) hi = 1;
  const double x0 = 230, x1 = kWidth - 120;
  double y = kTop + 6;
  for (const Bar& b : bars) {
    const double w = std::max(0.0, b.value) / hi * (x1 - x0);
    out += text(x0 - 6, y + 15, b.label, "end", " font-size=\"11\"");
    out += "<rect x=\"" + num(x0) + "\" y=\"" + num(y + 3) + "\" width=\"" + num(w) + "\" height=\"16\" fill=\"" +
           std::string(series_colour(b.colour)) + "\"/>";
    std::string note = short_number(b.value) + " " + unit;
    if (b.target >= 0) {
      const double tx = x0 + b.target / hi * (x1 - x0);
      out += "<line stroke=\"#000\" stroke-width=\"2\" x1=\"" + num(tx) + "\" x2=\"" + num(tx) + "\" y1=\"" +
             num(y) + "\" y2=\"" + num(y + 22) + "\"/>";
      note += " (target " + short_number(b.target) + ")";
    }
    out += text(x1 + 6, y + 15, note, "start", " font-size=\"11\"");
    y += row;
  }
  return out + "</svg>";
}

}  // namespace kvbench::report::svg
