/** A count column holds the value, or one of these markers. */
export const NULL_COUNT = 0xffff_ffff;
export const BIG_COUNT = 0xffff_fffe;
