/**
 * What the shop tells the shopper about the recommender when it is not at its
 * best, in plain words. The engine's own messages name files, URLs and
 * checksums for developers: the shop shows them only behind "Technical details".
 */

/** The engine did not start (its model files failed and no copy is kept): the shop is in its default order. */
export const ENGINE_DOWN_NOTE = 'Personal sorting isn’t available right now, so products are in the shop’s usual order. Your data is safe in this browser.';

/** The shop's model files failed, and the engine ranks with the copy kept on this device. */
export const DEVICE_COPY_NOTE =
  'The shop couldn’t load the latest version of its sorting, so it is using the copy saved in this browser. Everything works as usual, and your data is safe.';
