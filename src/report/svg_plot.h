// The plot primitives of `kvbench report --html` (report/html_report.h): line charts and
// horizontal bars drawn as inline SVG text by kvbench itself, so the page needs no script and
// nothing from the network. Every label passes through escape_xml().
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kvbench::report::svg {

// &, <, >, " and ' as entities: safe in element text and in attribute values.
std::string escape_xml(std::string_view text);

// The colour of the i-th series (a fixed palette, repeated).
std::string_view series_colour(std::size_t i);

struct Series {
  std::string label;
  std::vector<std::pair<double, double>> points;  // (x, y), in drawing order
  bool dashed = false;
  bool step = false;  // drawn as a staircase (a CDF's steps)
  std::size_t colour = 0;
};

struct LineChart {
  std::string title;
  std::string x_label, y_label;
  bool log_x = false;       // x > 0 only; for latencies spanning decades
  double y_min = 0;         // the y axis starts here (0 unless told)
  double y_max = -1;        // < y_min: from the data
  std::vector<std::pair<double, std::string>> y_marks;  // horizontal reference lines (an SLO)
};

inline LineChart titled(std::string title, std::string x_label, std::string y_label) {
  LineChart c;
  c.title = std::move(title);
  c.x_label = std::move(x_label);
  c.y_label = std::move(y_label);
  return c;
}

// An <svg> element of a line chart; "no data" text when every series is empty.
std::string line_chart(const LineChart& chart, const std::vector<Series>& series);

struct Bar {
  std::string label;
  double value = 0;
  double target = -1;  // < 0: none; else a tick the bar is judged against
  std::size_t colour = 0;
};

// An <svg> element of horizontal bars with their values (and targets) written beside them.
std::string bar_chart(const std::string& title, const std::string& unit, const std::vector<Bar>& bars);

// "12.3", "1.2k", "3.4M": short tick labels.
std::string short_number(double v);

}  // namespace kvbench::report::svg
