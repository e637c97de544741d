import { awscdk, DependencyType, javascript, JsonPatch } from 'projen';

/**
 * cdk-dr-payment-platform: a two-region active-passive disaster-recovery platform for payment processing.
 *
 * Versions are pinned exactly (and the lockfile is committed) so that `npm ci` gives the same tree on every
 * machine. aws-cdk-lib stays at 2.257.0: it is the newest version whose cloud-assembly schema
 * @aws-cdk/integ-runner 2.197.x can read: 2.258 and later write a cloud-assembly schema it rejects
 * (AssemblyVersionMismatch).
 */
const CDK_VERSION = '2.257.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-dr-payment-platform',
  description:
    'One statement for a two-region active-passive disaster-recovery platform for payment processing: ' +
    'Aurora PostgreSQL global database, Fargate behind HTTPS ALB + WAF, Route 53 failover, ARC Region switch ' +
    'plans and a recovery budget that refuses to synthesize when RTO/RPO targets cannot be met.',
  author: 'cdk-dr-payment-platform maintainers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/example/cdk-dr-payment-platform.git',
  keywords: ['cdk', 'aws-cdk', 'disaster-recovery', 'aurora-global-database', 'route53', 'payments', 'pci-dss'],
  license: 'Apache-2.0',
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,

  cdkVersion: CDK_VERSION,
  cdkVersionPinning: false, // peer ^2.257.0; the dev dependency is pinned exactly below
  constructsVersion: '10.5.1',
  jsiiVersion: '5.9.50',
  typescriptVersion: '5.9.3',
  minNodeVersion: '20.0.0',

  // No GitHub here: the release pipeline is the user's. Packaging tasks for every language stay defined.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,

  publishToPypi: {
    distName: 'cdk-dr-payment-platform',
    module: 'cdk_dr_payment_platform',
  },
  publishToMaven: {
    javaPackage: 'io.github.example.cdkdrpaymentplatform',
    mavenGroupId: 'io.github.example',
    mavenArtifactId: 'cdk-dr-payment-platform',
  },
  publishToNuget: {
    dotNetNamespace: 'Example.CdkDrPaymentPlatform',
    packageId: 'Example.CdkDrPaymentPlatform',
  },
  publishToGo: {
    moduleName: 'github.com/example/cdk-dr-payment-platform-go',
  },

  // Lambda handlers are declared explicitly below (VALIDATION_HANDLERS), not auto-discovered: auto-discovery would
  // generate each typed construct next to its handler, inside the runtime folder that must not import aws-cdk-lib.
  lambdaAutoDiscover: false,
  integrationTestAutoDiscover: false, // integ/ is run by integ-runner, not projen's older integ mechanism

  // One type-checking config for everything that is not the published src/ build (tests, integ, examples,
  // scripts, benchmarks, .projenrc.ts): tsconfig.dev.json at the root. ts-jest and eslint read it; jsii
  // compiles src/ with tsconfig.json.
  tsconfigDevFile: 'tsconfig.dev.json',
  // The published lib/ keeps inline source maps (stack traces point at src/ lines) but not a second copy of every
  // source file inside them: that copy doubled lib/ and pushed the tarball past its budget (scripts/package-contents.ts).
  tsconfig: { compilerOptions: { inlineSources: false } },
  tsconfigDev: {
    include: ['src/**/*.ts', 'test/**/*.ts', 'integ/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts', 'benchmarks/**/*.ts', '.projenrc.ts'],
    exclude: ['**/*.snapshot/**', '**/cdk-integ.out.*/**', 'lib', 'dist', 'cdk.out', '.tmp', 'assets'],
    compilerOptions: { isolatedModules: true },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'integ', 'examples', 'scripts', 'benchmarks'],
    fileExtensions: ['.ts'],
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
  },
  // projen's own type-checking config for .projenrc.ts lives under .projen/ (no projenrc/ folder at the top).
  projenrcTsOptions: { projenCodeDir: '.projen' },

  jestOptions: {
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testTimeout: 120_000,
      maxWorkers: 2,
      collectCoverage: false,
    },
  },

  gitignore: [
    '/node_modules', // a symlink in git worktrees
    'cdk.out/',
    'integ/cdk-integ.out.*',
    'integ/**/cdk-integ.out.*',
    '.tmp/',
    'dist/',
    'policy-validation-report.json',
  ],
});

// ---------------------------------------------------------------------------------------------------------
// Lambda handlers: each src/validation/runtime/<name>.lambda.ts (runtime code: no aws-cdk-lib import) is bundled by
// esbuild into assets/validation/runtime/<name>.lambda/ at pre-compile time, so a consumer needs neither esbuild nor
// Docker; projen generates the typed construct over that asset, <Name>Function, in src/validation/bundled/. The AWS
// SDK v3 is provided by the Node.js 22 runtime.
const VALIDATION_HANDLERS = ['migrate-schema', 'relay-transaction-log', 'validate-payment', 'writer-guard'];
for (const handler of VALIDATION_HANDLERS) {
  new awscdk.LambdaFunction(project, {
    entrypoint: `src/validation/runtime/${handler}.lambda.ts`,
    constructFile: `src/validation/bundled/${handler}-function.ts`,
    cdkDeps: project.cdkDeps,
    runtime: awscdk.LambdaRuntime.NODEJS_22_X,
    bundlingOptions: {
      externals: ['@aws-sdk/*', 'pg-native'],
      sourcemap: false,
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Exact pins for every build dependency (projen's own components request ranges; these replace them).
const DEV_DEPENDENCY_PINS = [
  `aws-cdk-lib@${CDK_VERSION}`,
  'constructs@10.5.1',
  '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
  '@aws-cdk/integ-runner@2.197.10',
  'cdk-nag@2.38.2',
  '@cdklabs/cdk-validator-cfnguard@0.0.62',
  'esbuild@0.28.2',
  'tsx@4.23.15',
  'fast-check@4.10.2',
  's3rver@3.7.1',
  'pg@8.23.1',
  '@types/pg@8.23.1',
  '@types/aws-lambda@8.10.164',
  '@aws-lambda-powertools/logger@2.36.0',
  '@aws-lambda-powertools/metrics@2.36.0',
  '@aws-sdk/client-s3@3.1175.0',
  '@aws-sdk/client-secrets-manager@3.1164.0',
  'jest@30.5.2',
  'ts-jest@29.4.15',
  '@types/jest@30.0.0',
  '@types/node@20.19.25',
  'jest-junit@17.0.0',
  'eslint@9.39.1',
  '@stylistic/eslint-plugin@2.13.0',
  '@typescript-eslint/eslint-plugin@8.48.0',
  '@typescript-eslint/parser@8.48.0',
  'eslint-import-resolver-typescript@4.4.4',
  'eslint-plugin-import@2.32.0',
  'jsii-diff@1.134.0',
  'jsii-docgen@10.12.6',
  'jsii-pacmak@1.140.0',
  'jsii-rosetta@5.9.63',
  'ts-node@10.9.2',
  'projen@0.103.25',
  'commit-and-tag-version@13.0.0',
];
for (const spec of DEV_DEPENDENCY_PINS) {
  project.deps.addDependency(spec, DependencyType.BUILD);
}

// The published tarball is an allow-list (package.json `files`; npm adds package.json, README.md and LICENSE
// itself): the compiled library, its pre-bundled Lambda handlers, the jsii manifest, the API reference and the
// docs the README links to. Nothing of the build or the tests (.tmp/, test/, integ/, cdk.out/) can slip in.
// test/release/package.test.ts packs it and asserts the list and its size.
project.addFields({ files: ['lib/**/*.js', 'lib/**/*.d.ts', 'assets/', '.jsii', 'API.md', 'docs/*.md'] });
for (const ignored of ['/integ/', '/scripts/', '/examples/', '/.ci/', 'cdk.out/', '/benchmarks/', '/.tmp/']) {
  project.npmignore?.exclude(ignored);
}

// Lint: the integ tests, the reference app, the scripts and the benchmarks are dev code (tsconfig.dev.json).
for (const dir of ['integ', 'examples', 'scripts', 'benchmarks']) {
  project.eslint?.allowDevDeps(`${dir}/**`);
}

// ---------------------------------------------------------------------------------------------------------
// Tests. jest runs against a throwaway PostgreSQL (scripts/with-postgres.sh reuses one if PG* is already set).
const testTask = project.tasks.tryFind('test')!;
testTask.reset();
testTask.exec('bash scripts/with-postgres.sh jest --passWithNoTests=false --updateSnapshot=none --json --outputFile=test-reports/jest-results.json', {
  receiveArgs: true,
});
testTask.spawn(project.tasks.tryFind('eslint')!);

project.addTask('postgres:start', {
  description: 'Start a throwaway PostgreSQL server for tests and print the PG* variables to export',
  exec: 'bash scripts/postgres.sh start',
});
project.addTask('postgres:stop', {
  description: 'Stop the throwaway PostgreSQL server started by postgres:start',
  exec: 'bash scripts/postgres.sh stop',
});

// ---------------------------------------------------------------------------------------------------------
// Integration tests: the committed snapshots against a fresh offline synthesis. integ-runner's own verification
// compares no stack of a test whose stacks are not direct children of the App (integ.platform) and never the
// assertion stacks, so `integ` regenerates every snapshot aside and compares all templates
// (scripts/verify-integ-snapshots.ts); `integ:update` rewrites them all (--force: also those the runner calls
// UNCHANGED).
project.addTask('integ', {
  description: 'Verify every committed integ snapshot, assertion stacks included, against a fresh offline synthesis',
  exec: 'node --import tsx scripts/verify-integ-snapshots.ts',
});
project.addTask('integ:update', {
  description: 'Regenerate every integ snapshot offline (no deployment)',
  exec: 'integ-runner --config integ/integ.config.json --language typescript --force --update-on-failed --dry-run',
  receiveArgs: true,
});

// ---------------------------------------------------------------------------------------------------------
// The main job: synthesize the reference two-region app offline and print its report.
// It bundles the Lambda handlers first (assets/ is a build output, absent from a fresh clone) and needs
// nothing but Node.js: cfn-lint runs when it is installed and is reported as not run otherwise.
const referenceTask = project.addTask('reference', {
  description: 'Synthesize the reference two-region app offline into cdk.out and print its report',
});
referenceTask.spawn(project.tasks.tryFind('bundle')!);
referenceTask.exec('node --import tsx examples/reference-app.ts', { receiveArgs: true });

project.addTask('compliance-doc', {
  description: 'Regenerate docs/compliance.md (every acknowledged compliance finding and its reason)',
  exec: 'node --import tsx examples/write-compliance-doc.ts',
});

// ---------------------------------------------------------------------------------------------------------
// Packaging. The build's `package` step makes the npm tarball only (package:js, whether CI is set or not): it needs
// nothing but Node.js, and the consumer smoke installs it. The other languages are built for real by
// `package:bindings`, part of `package-all` and of CI's `bindings` step; it needs Python 3 with venv, a JDK 17 and
// Maven, Go 1.21+ (older Go cannot read aws-cdk-go's `go 1.25` line) and PyPI, Maven Central and the Go proxy:
// - rosetta:extract --strict: the README's TypeScript and every `@example` compile; pacmak translates them from the
//   tablet it writes (.jsii.tabl.json);
// - Python and Java in one pacmak run (built in parallel): wheel + sdist (twine-checked), and jar + sources +
//   javadoc in a Maven repository layout (dist/java). Maven's local repository is .tmp/maven-repository, reused
//   across runs; pacmak's default is a throwaway one per build;
// - Go: code generation, then scripts/go-module.sh (pacmak's own Go build stops on a pin with no Go release);
// - .NET: code generation only (there is no dotnet here).
const MAVEN_REPOSITORY = '--maven-local-repository=.tmp/maven-repository';
project.gitignore.exclude('.jsii.tabl.json');
project.addTask('rosetta:extract', {
  description: 'Compile the README\'s TypeScript and the @example blocks (jsii-rosetta --strict) into .jsii.tabl.json',
  exec: 'jsii-rosetta extract --strict',
});
const resetTask = (name: string, ...commands: string[]) => {
  const task = project.tasks.tryFind(name)!;
  task.reset();
  commands.forEach((command) => task.exec(command));
  return task;
};
resetTask('package:java', `jsii-pacmak -v --target java ${MAVEN_REPOSITORY}`);
resetTask('package:go', 'jsii-pacmak -v --code-only --target go', 'bash scripts/go-module.sh');
resetTask('package:dotnet', 'jsii-pacmak -v --code-only --target dotnet');
const packageBindings = project.addTask('package:bindings', {
  description: 'Python wheel + sdist, Maven jar + sources + javadoc, Go module (built); .NET sources (generated only)',
});
packageBindings.spawn(project.tasks.tryFind('rosetta:extract')!);
packageBindings.exec(`jsii-pacmak -v --target python --target java ${MAVEN_REPOSITORY}`);
packageBindings.spawn(project.tasks.tryFind('package:go')!);
packageBindings.spawn(project.tasks.tryFind('package:dotnet')!);
const packageAll = resetTask('package-all');
packageAll.spawn(project.tasks.tryFind('package:js')!);
packageAll.spawn(packageBindings);
const packageTask = resetTask('package');
packageTask.spawn(project.tasks.tryFind('package:js')!);

// The bindings proven: each language's package, freshly built, synthesizes the README's example of that language
// and every template equals the TypeScript synthesis (test/bindings/run.sh).
const bindingsTask = project.addTask('bindings', {
  description: 'Build the Python, Java and Go packages, synthesize the README example in each and compare with TypeScript',
});
bindingsTask.spawn(packageBindings);
bindingsTask.exec('bash test/bindings/run.sh');

// ---------------------------------------------------------------------------------------------------------
// Everything CI runs (after `npm ci`): build (compile, docgen, jest with PostgreSQL, eslint, the npm tarball), the
// consumer install of the tarball, the bindings and the integ snapshots.
const ciTask = project.addTask('ci', {
  description:
    'The full test run: build (unit/handler/compliance tests, npm tarball), consumer install of the tarball, ' +
    'Python/Java/Go packages and consumers, integ snapshots',
});
ciTask.spawn(project.buildTask);
ciTask.exec('bash scripts/consumer-smoke.sh'); // a consumer of the tarball synthesizes with no esbuild, no Docker
ciTask.spawn(bindingsTask);
ciTask.spawn(project.tasks.tryFind('integ')!);

project.package.file.patch(JsonPatch.add('/engines', { node: '>= 20.0.0' }));

project.synth();
