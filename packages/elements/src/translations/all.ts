import { chatEn, chatZhCN } from '../chat/translations/index.js';
import { enCore } from './en.js';
import type { Translation } from './translation.js';
import { zhCNCore } from './zh-CN.js';

/** Every string of every element, in English (the shared part and each element's). */
export const en: Translation = { ...enCore, ...chatEn };
/** Every string of every element, in Simplified Chinese. */
export const zhCN: Translation = { ...zhCNCore, ...chatZhCN };
