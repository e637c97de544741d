/**
 * Which image each region pulls. The standby must not pull from the primary region's registry: when that region
 * fails, the plan's scale-up (2 to 10 tasks) could not start a task. An image given by its primary-region private ECR
 * URI is therefore pulled, in the standby, from the same repository and tag in the standby region's own registry
 * (where ECR replication puts it, under the same repository name). Any other image is used as given; the
 * regional-independence analysis then refuses at synthesis a standby image that still lives in the primary region.
 */
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { PaymentRole } from '../../region';
import { parseEcrImage } from '../../region/private/ecr-pull';
import { DrPaymentPlatformProps } from '../dr-payment-platform-props';

/** The image name of `ContainerImage.fromRegistry(name)`, or undefined for any other kind of image. */
export function registryImageName(image: ecs.ContainerImage): string | undefined {
  if (!(image instanceof ecs.RepositoryImage)) {
    return undefined;
  }
  // RepositoryImage keeps its name in a TypeScript-private field. Should aws-cdk-lib rename it, nothing is derived
  // and the independence analysis refuses the primary-region image at synthesis: a loud failure, never a silent one.
  const name = (image as unknown as { imageName?: unknown }).imageName;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The URI of the same repository and tag in `toRegion`'s registry, when `imageName` is a private ECR image of
 * `fromRegion`; undefined otherwise.
 */
export function sameImageIn(imageName: string, fromRegion: string, toRegion: string): string | undefined {
  const image = parseEcrImage(imageName);
  if (!image || image.region !== fromRegion) {
    return undefined;
  }
  return imageName.replace(/^(\d{12}\.dkr\.ecr(?:-fips)?\.)[a-z0-9-]+(\.amazonaws\.com)/, `$1${toRegion}$2`);
}

/**
 * The image of the region that plays `role`: the region's own `containerImage`, else the platform's; for the standby,
 * an image of the primary region's ECR becomes the same repository and tag in the standby region's registry.
 */
export function regionImage(props: DrPaymentPlatformProps, role: PaymentRole): ecs.ContainerImage | undefined {
  const own = role === PaymentRole.PRIMARY ? props.primary?.containerImage : props.standby?.containerImage;
  if (own || role === PaymentRole.PRIMARY || !props.containerImage) {
    return own ?? props.containerImage;
  }
  const name = registryImageName(props.containerImage);
  const standbyName = name ? sameImageIn(name, props.primaryRegion, props.standbyRegion) : undefined;
  return standbyName ? ecs.ContainerImage.fromRegistry(standbyName) : props.containerImage;
}
