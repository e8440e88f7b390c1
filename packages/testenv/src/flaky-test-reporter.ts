import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

// Lists, at the end of a run, every test that failed and then passed on a retry. CI retries the suite's
// tests (real control planes on two loaded cores make some waits overrun), and a retry must not hide a
// race: each such test is printed with its file and how many attempts it took, so a flake stays visible
// in the log of a green run and can be fixed.
export class FlakyTestReporter implements Reporter {
  private readonly flaky: { file: string; name: string; retries: number }[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const diagnostic = testCase.diagnostic();
    if (testCase.result().state === 'passed' && diagnostic?.flaky) {
      this.flaky.push({ file: relative(process.cwd(), testCase.module.moduleId), name: testCase.fullName, retries: diagnostic.retryCount });
    }
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>): void {
    if (this.flaky.length === 0) return;
    const lines = this.flaky.map((t) => `  ${t.file} › ${t.name} (passed after ${t.retries} ${t.retries === 1 ? 'retry' : 'retries'})`);
    process.stdout.write(`\nFlaky: ${this.flaky.length} test(s) failed before passing on a retry:\n${lines.join('\n')}\n`);
  }
}
