import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseGoTestJson } from "./go.js";
import { parseJestJson } from "./jest-json.js";
import { parseJunitXml } from "./pytest.js";

const fixture = (name: string) =>
  readFile(new URL(`../__fixtures__/${name}`, import.meta.url), "utf8");

describe("parseJunitXml (pytest, captured)", () => {
  it("rebuilds node ids and statuses", async () => {
    const { cases, warnings } = parseJunitXml(await fixture("pytest-junit.xml"));
    expect(warnings).toEqual([]);
    expect(cases).toEqual([
      { name: "tests/test_mix.py::test_ok", status: "passed" },
      { name: "tests/test_mix.py::test_bad", status: "failed" },
      { name: "tests/test_mix.py::test_skipped", status: "skipped" },
      { name: "tests/test_mix.py::test_param[1]", status: "passed" },
      { name: "tests/test_mix.py::test_param[2]", status: "failed" },
      { name: "tests/test_mix.py::TestGroup::test_inside", status: "passed" },
      { name: "tests/test_mix.py::test_error", status: "error" },
    ]);
  });

  it("reports a collection failure as an error of the module", async () => {
    const { cases } = parseJunitXml(await fixture("pytest-junit-collection-error.xml"));
    expect(cases).toEqual([{ name: "tests.test_broken_import", status: "error" }]);
  });

  it("rebuilds ids without the file attribute (xunit2) and warns on garbage", () => {
    const xml =
      '<testsuites><testsuite name="pytest"><testcase classname="pkg.test_a.TestB" name="test_c"/></testsuite></testsuites>';
    expect(parseJunitXml(xml).cases).toEqual([
      { name: "pkg/test_a.py::TestB::test_c", status: "passed" },
    ]);
    const broken = parseJunitXml("<testsuites><testsuite>");
    expect(broken.cases).toEqual([]);
    expect(broken.warnings[0]).toMatch(/^junit\.xml: not valid XML/);
  });
});

describe("parseJestJson (vitest, captured)", () => {
  it("names tests file > suites > title and reports a failed import as an error", async () => {
    const { cases, warnings } = parseJestJson(await fixture("vitest-report.json"), "vitest.json");
    expect(warnings).toEqual([]);
    expect(cases).toEqual([
      { name: "broken.test.ts", status: "error" },
      { name: "math.test.ts > math > adds", status: "passed" },
      { name: "math.test.ts > math > multiplies", status: "failed" },
      { name: "math.test.ts > math > divides", status: "skipped" },
      { name: "math.test.ts > math > nested > subtracts", status: "passed" },
    ]);
  });

  it("names the field when the shape is wrong", () => {
    const { cases, warnings } = parseJestJson('{"testResults": [{"name": 3}]}', "jest.json");
    expect(cases).toEqual([]);
    expect(warnings[0]).toMatch(/^jest\.json: testResults\.0\.name:/);
  });
});

describe("parseGoTestJson (go test -json stream)", () => {
  it("reads tests, subtests, skips and a package that did not build", async () => {
    const { cases, warnings } = parseGoTestJson(await fixture("go-test.jsonl"));
    expect(cases).toEqual([
      { name: "example.com/shop/pricing/TestDiscount", status: "passed" },
      { name: "example.com/shop/pricing/TestRound", status: "failed" },
      { name: "example.com/shop/pricing/TestRound/half_up", status: "failed" },
      { name: "example.com/shop/pricing/TestLegacy", status: "skipped" },
      { name: "example.com/shop/cart", status: "error" },
    ]);
    expect(warnings).toEqual([
      "go-test.jsonl:19: not a test event",
      "go-test.jsonl:20: not a test event",
    ]);
  });

  it("counts a test that started but never finished as an error", () => {
    const stream = '{"Action":"run","Package":"p","Test":"TestHang"}\n';
    expect(parseGoTestJson(stream).cases).toEqual([{ name: "p/TestHang", status: "error" }]);
  });
});
