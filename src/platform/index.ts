export * from './dr-payment-platform';
