// Lifecycle policy evaluation, following the ECR user guide's evaluation rules and the worked
// examples: every rule selects from ALL images (images claimed by higher-priority rules are still
// counted), but a rule may only expire images no higher-priority rule has selected.
import { matchWildcard } from '../../../../platform/wildcard.js';
import type { LifecyclePolicy, LifecycleSelection } from './policy.js';

export interface LifecycleImage { imageDigest: string; imageTags: string[]; imagePushedAt: Date }
export interface ExpiredImage extends LifecycleImage { appliedRulePriority: number }

const DAY_MS = 24 * 60 * 60 * 1000;

export function evaluateLifecyclePolicy(policy: LifecyclePolicy, images: LifecycleImage[], now: Date): ExpiredImage[] {
  const rules = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);
  const claimed = new Set<string>();
  const expired: ExpiredImage[] = [];
  for (const rule of rules) {
    const selected = images.filter((image) => selects(rule.selection, image.imageTags));
    for (const image of marked(rule.selection, selected, now)) {
      if (claimed.has(image.imageDigest)) continue;
      expired.push({ imageDigest: image.imageDigest, imageTags: [...image.imageTags], imagePushedAt: image.imagePushedAt, appliedRulePriority: rule.rulePriority });
    }
    for (const image of selected) claimed.add(image.imageDigest);
  }
  return expired;
}

/** Does the rule's tag filter select an image with these tags? */
export function selects(selection: LifecycleSelection, tags: string[]): boolean {
  switch (selection.tagStatus) {
    case 'any': return true;
    case 'untagged': return tags.length === 0;
    case 'tagged':
      // Every listed prefix/pattern must be matched by at least one of the image's tags;
      // in a pattern only `*` is a wildcard (whole-tag match).
      if (selection.tagPrefixList) return selection.tagPrefixList.every((p) => tags.some((t) => t.startsWith(p)));
      return (selection.tagPatternList ?? []).every((p) => tags.some((t) => matchWildcard(p, t)));
  }
}

/** The selected images this rule would expire, oldest first. */
function marked(selection: LifecycleSelection, selected: LifecycleImage[], now: Date): LifecycleImage[] {
  const newestFirst = [...selected].sort(newerFirst);
  if (selection.countType === 'imageCountMoreThan') return newestFirst.slice(selection.countNumber).reverse();
  const cutoff = now.getTime() - selection.countNumber * DAY_MS;
  return newestFirst.filter((image) => image.imagePushedAt.getTime() < cutoff).reverse();
}

// Equal push times are ordered by digest so that previews and runs always agree.
function newerFirst(a: LifecycleImage, b: LifecycleImage): number {
  const byTime = b.imagePushedAt.getTime() - a.imagePushedAt.getTime();
  if (byTime !== 0) return byTime;
  return a.imageDigest < b.imageDigest ? -1 : a.imageDigest > b.imageDigest ? 1 : 0;
}
