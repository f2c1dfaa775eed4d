export * from './schemas';
export * from './channels';
export * from './pamApi';
export * from './terminal';
