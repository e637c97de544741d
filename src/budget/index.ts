export * from './types';
export * from './defaults';
export * from './model';
export * from './logical-corruption';
