/**
 * Public types of the recovery-budget model. Pure data: no CDK import, jsii-compatible (readonly structs,
 * ALL_CAPS enums, durations as plain numbers of seconds with the unit in the name).
 */

/** How the decision to fail over is taken. */
export enum DecisionMode {
  /**
   * A CloudWatch alarm on the primary's Route 53 health-check status triggers the Region switch plan
   * (ARC Region switch `Trigger`): no human in the loop.
   */
  AUTOMATIC_TRIGGER = 'AUTOMATIC_TRIGGER',
  /**
   * The same alarm pages an operator, who starts the plan or approves its manual-approval step; the budget
   * reserves `approvalAllowanceSeconds` for the human decision.
   */
  MANUAL_APPROVAL = 'MANUAL_APPROVAL',
}

/** How the Aurora global database is moved to the standby Region. */
export enum DatabaseRecoveryMode {
  /**
   * Planned switchover (formerly "managed planned failover"): waits for the secondary to synchronize, RPO 0.
   * Needs both Regions healthy, so it cannot recover from a Regional outage.
   */
  SWITCHOVER = 'SWITCHOVER',
  /**
   * Unplanned managed failover (`AllowDataLoss`): promotes the secondary without waiting; loses what was not
   * yet replicated (bounded by `rds.global_db_rpo` when set).
   */
  FAILOVER = 'FAILOVER',
  /**
   * No Region switch plan promotes the database: an operator runs a manual procedure, and its measured duration
   * (`manualFailoverSeconds`, required) is the database term.
   */
  MANUAL_PROCEDURE = 'MANUAL_PROCEDURE',
}

/** Where the value of a constant comes from. */
export enum ConstantOrigin {
  /** A figure AWS publishes (the source page states it). */
  DOCUMENTED = 'DOCUMENTED',
  /**
   * AWS publishes no figure: the value is this library's documented assumption, overridable through the
   * input named in `inputName`. Measure it in a failover drill and set the input.
   */
  ASSUMPTION = 'ASSUMPTION',
  /** A setting of the platform, taken from the inputs (the source page explains what the setting means). */
  CONFIGURED = 'CONFIGURED',
}

/** Which recovery objective a violation is about. */
export enum RecoveryObjectiveKind {
  /** Recovery time objective. */
  RTO = 'RTO',
  /** Recovery point objective. */
  RPO = 'RPO',
}

/**
 * The platform settings the recovery budget is computed from. Every field is optional; the defaults are the
 * library defaults (`RecoveryBudgetDefaults`).
 */
export interface RecoveryBudgetInputs {
  /**
   * Interval between Route 53 health-check requests from each checker, in seconds (Route 53 allows 10 or 30).
   * @default 10
   */
  readonly healthCheckIntervalSeconds?: number;

  /**
   * Consecutive failed Route 53 health checks before a checker reports the endpoint unhealthy (1-10).
   * @default 3
   */
  readonly healthCheckFailureThreshold?: number;

  /**
   * TTL of the failover records, in seconds. Alias records to an Application Load Balancer take the load
   * balancer's TTL, which is 60 seconds and cannot be changed.
   * @default 60
   */
  readonly dnsTtlSeconds?: number;

  /**
   * Worst-case time from the Region switch plan updating its Route 53 health checks to Route 53 answering
   * with the standby, in seconds. AWS publishes no figure: assumption, measure it in a drill.
   * @default 30
   */
  readonly dnsPropagationSeconds?: number;

  /**
   * How the failover decision is taken.
   * @default DecisionMode.AUTOMATIC_TRIGGER
   */
  readonly decisionMode?: DecisionMode;

  /**
   * Evaluation periods of the alarms that trigger the plan (automatic: every period of the window must breach) or
   * page the operator (manual).
   * @default 3
   */
  readonly triggerAlarmEvaluationPeriods?: number;

  /**
   * Period of that alarm, in seconds (10, 20, 30 or a multiple of 60; Route 53 health-check metrics are
   * one-minute metrics, so 60 is the shortest useful period).
   * @default 60
   */
  readonly triggerAlarmPeriodSeconds?: number;

  /**
   * Worst-case time from the last breaching datapoint's period ending to the plan starting (automatic) or the
   * operator being paged (manual), in seconds: metric publication, alarm state change, trigger evaluation or
   * notification delivery. AWS publishes no figure: assumption, measure it in a drill.
   * @default 60
   */
  readonly triggerDispatchSeconds?: number;

  /**
   * Time reserved for a human to approve the failover, in seconds. Only with `DecisionMode.MANUAL_APPROVAL`.
   * @default 300 when decisionMode is MANUAL_APPROVAL
   */
  readonly approvalAllowanceSeconds?: number;

  /**
   * How the Aurora global database is moved.
   * @default DatabaseRecoveryMode.FAILOVER
   */
  readonly databaseRecoveryMode?: DatabaseRecoveryMode;

  /**
   * Worst-case time for Aurora to promote the secondary cluster, in seconds. AWS documents "typically ...
   * within a few minutes"; the default reads "a few" as three. Assumption, measure it in a drill.
   * @default 180
   */
  readonly databasePromotionSeconds?: number;

  /**
   * Measured duration of your manual failover procedure, in seconds: from the decision to the standby's database
   * accepting writes (promoting the secondary by hand). Required with `DatabaseRecoveryMode.MANUAL_PROCEDURE`
   * (a platform without a Region switch plan); there is no default, because nothing else promotes the database.
   * @default - none: required with MANUAL_PROCEDURE, rejected otherwise
   */
  readonly manualFailoverSeconds?: number;
  /**
   * Whether the secondary Aurora cluster is headless (no DB instance): a DB instance must then be added
   * before switchover or failover.
   * @default false
   */
  readonly secondaryHeadless?: boolean;

  /**
   * Time to add a DB instance to a headless secondary, in seconds. Only with `secondaryHeadless`. AWS
   * publishes no figure: assumption, measure it in a drill.
   * @default 900 when secondaryHeadless is true
   */
  readonly instanceCreationSeconds?: number;

  /**
   * Minimum number of Fargate tasks the standby Region runs while passive.
   * @default 2
   */
  readonly standbyMinTasks?: number;

  /**
   * Minimum number of Fargate tasks the primary Region runs (the capacity the standby must reach).
   * @default 10
   */
  readonly primaryMinTasks?: number;

  /**
   * Time for Fargate to provision a task and pull its image, in seconds. AWS publishes no figure (it depends
   * on the image size): assumption, measure it in a drill.
   * @default 60
   */
  readonly imagePullSeconds?: number;

  /**
   * ECS service health-check grace period, in seconds: the start-up time the application is allowed.
   * @default 60
   */
  readonly healthCheckGracePeriodSeconds?: number;

  /**
   * Target-group health-check interval, in seconds (5-300).
   * @default 10
   */
  readonly targetGroupHealthCheckIntervalSeconds?: number;

  /**
   * Target-group healthy threshold count (2-10).
   * @default 3
   */
  readonly targetGroupHealthyThresholdCount?: number;

  /**
   * Whether the standby's ECS scaling runs in parallel with the database recovery (the Region switch plan
   * puts both in a parallel execution block).
   * @default true
   */
  readonly computeInParallelWithDatabase?: boolean;

  /**
   * Whether the plan's Route 53 health-check step (traffic) runs in the same parallel execution block as the
   * database and compute steps. Clients then move while the database is promoted and get retryable errors
   * until it is writable, which is harmless when the primary is down (FAILOVER) and saves the traffic term;
   * during a planned SWITCHOVER it sends live traffic to a standby that cannot write yet.
   * @default false
   */
  readonly trafficInParallelWithDatabase?: boolean;

  /**
   * The Aurora RPO guardrail `rds.global_db_rpo`, in seconds (20-2147483647): Aurora PostgreSQL blocks
   * commits on the primary when no secondary is within this lag. Only when `rpoGuardrailEnabled`.
   * @default 20
   */
  readonly globalDbRpoSeconds?: number;

  /**
   * Whether `rds.global_db_rpo` is set. Without it, replication lag is typically under a second but
   * unbounded, so no RPO can be guaranteed for a failover.
   * @default true
   */
  readonly rpoGuardrailEnabled?: boolean;
}

/** The recovery objectives the platform must meet. */
export interface RecoveryObjectives {
  /**
   * Recovery time objective: maximum tolerated downtime, in seconds.
   * @default 900
   */
  readonly rtoSeconds?: number;

  /**
   * Recovery point objective: maximum tolerated data loss measured in time, in seconds.
   * @default 300
   */
  readonly rpoSeconds?: number;
}

/** A constant used by a term: its value and where the value comes from. */
export interface RecoveryConstant {
  /** What the constant is. */
  readonly name: string;
  /** The value. */
  readonly value: number;
  /** The unit of the value (`seconds`, `count`, `percent`). */
  readonly unit: string;
  /** Whether AWS documents the figure, it is an assumption, or it is a platform setting. */
  readonly origin: ConstantOrigin;
  /** Title of the AWS documentation page that states (or, for assumptions, explains) the quantity. */
  readonly sourceTitle: string;
  /** URL of that page. */
  readonly sourceUrl: string;
  /** What the page says, or why the assumption was chosen. */
  readonly note: string;
  /**
   * The input that sets or overrides this value.
   * @default - the value is a fixed AWS figure
   */
  readonly inputName?: string;
}

/** One step of the recovery, with its best and worst case. */
export interface RecoveryTerm {
  /** The term's name: `detect`, `decide`, `database`, `compute` or `traffic`. */
  readonly name: string;
  /** Best case, in seconds. */
  readonly lowSeconds: number;
  /** Worst case, in seconds. */
  readonly highSeconds: number;
  /** The arithmetic in words. */
  readonly explanation: string;
  /** The constants used, each with its source. */
  readonly constants: RecoveryConstant[];
}

/** A data-loss estimate (RPO). */
export interface RecoveryPointEstimate {
  /** Best case, in seconds. */
  readonly lowSeconds: number;
  /**
   * Worst case, in seconds.
   * @default - unbounded (see `bounded`)
   */
  readonly highSeconds?: number;
  /** Whether a worst case exists. */
  readonly bounded: boolean;
  /** The reasoning in words. */
  readonly explanation: string;
  /** The constants used, each with its source. */
  readonly constants: RecoveryConstant[];
}

/** The modelled recovery budget of the platform. */
export interface RecoveryBudget {
  /**
   * The inputs with every default applied (`approvalAllowanceSeconds`, `instanceCreationSeconds` and
   * `globalDbRpoSeconds` stay undefined when their mode does not apply).
   */
  readonly inputs: RecoveryBudgetInputs;
  /** Detection of the primary's failure by Route 53 health checks. */
  readonly detect: RecoveryTerm;
  /** The decision to fail over (alarm, trigger or human approval). */
  readonly decide: RecoveryTerm;
  /** Aurora global database switchover or failover. */
  readonly database: RecoveryTerm;
  /** Scaling the standby's Fargate service to the primary's capacity. */
  readonly compute: RecoveryTerm;
  /** Moving clients to the standby (health-check update, DNS TTL). */
  readonly traffic: RecoveryTerm;
  /** The five terms in recovery order. */
  readonly terms: RecoveryTerm[];
  /** Best-case RTO, in seconds. */
  readonly rtoLowSeconds: number;
  /** Worst-case RTO, in seconds. */
  readonly rtoHighSeconds: number;
  /** How the terms add up (which run in parallel). */
  readonly rtoExplanation: string;
  /** The database RPO: the system of record. */
  readonly rpo: RecoveryPointEstimate;
  /**
   * The transaction-log bucket's replication objective (S3 Replication Time Control). Informational: the
   * database is the system of record, so this term is reported but not checked against `rpoSeconds`.
   */
  readonly transactionLogRpo: RecoveryPointEstimate;
}

/** A recovery objective the modelled worst case does not meet. */
export interface RecoveryViolation {
  /** Which objective. */
  readonly objective: RecoveryObjectiveKind;
  /** The objective, in seconds. */
  readonly objectiveSeconds: number;
  /**
   * The modelled worst case, in seconds.
   * @default - unbounded
   */
  readonly modelledSeconds?: number;
  /** The violation in words, e.g. `modelled worst-case RTO 17m 30s exceeds rtoSeconds 900`. */
  readonly message: string;
}
