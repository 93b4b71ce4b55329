"use client";

import { createContext, useContext, type ReactNode } from "react";
import { dateFormat, type DateFormat } from "@/lib/format/dates";

// The page's dates follow the locale of the workspace it is about (the first one of a combined
// view), set once by the app's frame; pages about no workspace use the default locale.
const DateFormatContext = createContext<DateFormat>(dateFormat());

export function DateFormatProvider({ locale, children }: { locale: string; children: ReactNode }) {
  return <DateFormatContext value={dateFormat(locale)}>{children}</DateFormatContext>;
}

export function useDateFormat(): DateFormat {
  return useContext(DateFormatContext);
}
