/** Name checks shared by the constructs' prop validation. Pure functions, no CDK import. */

/** An AWS region name such as `us-east-1` or `ap-southeast-4`. */
export function isRegionName(region: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region);
}

/** A lowercase DNS name of at least two labels (a trailing dot is allowed), at most 253 characters. */
export function isDnsName(name: string): boolean {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(trimmed);
}
