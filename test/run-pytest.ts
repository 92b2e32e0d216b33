// The Spark audit's unit tests (audit/spark/tests, pytest on a local Spark), for test/run-all.sh:
// installs the spark venv when it is missing, then runs pytest in it; exits with pytest's code.
import path from 'node:path';
import { AUDIT_JOB_DIR, ivyDir, runInVenv, sparkPackages } from '../audit/spark-submit.ts';
import { stackHome } from '../config/paths.ts';
import { ensurePythonEnv } from '../stack/python-venv.ts';

const home = stackHome();
const env = await ensurePythonEnv(home, 'spark', (line) => console.log(line));
const code = await runInVenv(
  env,
  'python',
  ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', path.join(AUDIT_JOB_DIR, 'tests'), ...process.argv.slice(2)],
  { env: { MEDALLION_SPARK_PACKAGES: sparkPackages(), MEDALLION_SPARK_IVY: ivyDir(home), PYTHONPATH: AUDIT_JOB_DIR } },
  (line) => console.log(line),
);
process.exit(code);
