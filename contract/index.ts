export * from './schemas';
export * from './requestSchemas';
export * from './channels';
export * from './pamApi';
export * from './terminal';
export * from './rdp';
