/**
 * The channels tagih speaks on, defined once; every narrower set is derived
 * from here so adding a channel is one edit the type-check follows.
 */

/** Where merchants talk to tagih. */
export type Channel = 'telegram' | 'whatsapp' | 'console';

/** Where the outbox delivers a notice: a merchant's chat, or a customer's email. */
export type DeliveryChannel = Channel | 'email';

/** A chat channel a message can be addressed to later (the console has one terminal, no addresses). */
export type AddressableChannel = Exclude<Channel, 'console'>;
