// Into work (issue 9): the occupation and industry vocabularies, matching both ways, recommendations
// (推荐单) followed to a lasting job, employer visits and cooperation agreements. Read DESIGN.md "One
// contract" first; handlers live in station/matching/.
import { z } from 'zod';
import { method } from './define';
import type { CodeItem } from '../domain/vocabulary';

const vocabularyInput = z.object({
  query: z.string().max(30, { message: '搜索词最多 30 个字符' }).optional(),
  parentCode: z.string().max(20).nullable().optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});

export const matchingContract = {
  // the lists in force, searchable by characters, full pinyin, initials and code prefix
  'reference.occupations': method<{ items: CodeItem[] }>()(vocabularyInput),
  'reference.industries': method<{ items: CodeItem[] }>()(vocabularyInput),
};
