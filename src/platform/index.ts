export * from './dr-payment-platform-props';
export * from './dr-payment-platform';
