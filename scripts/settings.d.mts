export declare const FORWARDED_SETTINGS: string[];
