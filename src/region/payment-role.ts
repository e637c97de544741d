/** The role a region plays in the active-passive pair. */
export enum PaymentRole {
  /** Serves the payment traffic; its data replicates to the standby. */
  PRIMARY = 'PRIMARY',
  /** Runs warm at reduced capacity and takes over on failover. */
  STANDBY = 'STANDBY',
}
